from django.urls import path

from tsunagu.hearings import views

app_name = "hearings"
urlpatterns = [
    path("", views.index, name="index"),
    path("sets/new/", views.set_create, name="set_create"),
    path("sets/<int:pk>/", views.set_detail, name="set_detail"),
    path("sets/<int:pk>/edit/", views.set_edit, name="set_edit"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/compare/", views.compare, name="compare"),
    path("rounds/<int:pk>/compare.xlsx", views.compare_xlsx, name="compare_xlsx"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("sheets/<int:pk>/edit/", views.sheet_edit, name="sheet_edit"),
]
