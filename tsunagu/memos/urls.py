from django.urls import path

from tsunagu.memos import views

app_name = "memos"
urlpatterns = [
    path("", views.memo_list, name="list"),
    path("new/", views.memo_create, name="create"),
    path("links/", views.memo_links, name="links"),
    path("trash/", views.memo_trash, name="trash"),
    path("<int:pk>/", views.memo_detail, name="detail"),
    path("<int:pk>/edit/", views.memo_edit, name="edit"),
    path("<int:pk>/delete/", views.memo_delete, name="delete"),
    path("<int:pk>/restore/", views.memo_restore, name="restore"),
    path("lists/", views.term_list, name="terms"),
    path("lists/<str:model>/new/", views.term_create, name="term_create"),
    path("lists/<str:model>/<int:pk>/", views.term_edit, name="term_edit"),
]
