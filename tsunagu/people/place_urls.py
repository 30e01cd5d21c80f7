from django.urls import path

from tsunagu.people import place_views as views

app_name = "places"
urlpatterns = [
    path("", views.place_list, name="list"),
    path("import/", views.place_import, name="import"),
    path("import/commit/", views.place_import_commit, name="import_commit"),
    path("export/", views.place_export, name="export"),
    path("<int:pk>/", views.place_detail, name="detail"),
    path("<int:pk>/edit/", views.place_edit, name="edit"),
    path("<int:pk>/move/", views.place_move, name="move"),
    path("<int:parent_pk>/new/", views.place_create, name="create"),
]
