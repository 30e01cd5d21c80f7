from django.urls import path

from tsunagu.attachments import views

app_name = "attachments"
urlpatterns = [
    path("<str:label>/<int:object_id>/upload/", views.upload, name="upload"),
    path("<int:pk>/", views.original, name="file"),
    path("<int:pk>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
