from django.urls import path

from tsunagu.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("<int:pk>/status/", views.partner_status, name="status"),
    path("<int:pk>/delete/", views.partner_delete, name="delete"),
    path("<int:pk>/contacts/new/", views.contact_edit, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/contacts/<int:contact_pk>/delete/", views.contact_delete, name="contact_delete"),
    path("<int:pk>/log/new/", views.log_edit, name="log_create"),
    path("<int:pk>/log/<int:entry_pk>/", views.log_edit, name="log_edit"),
    path("<int:pk>/log/<int:entry_pk>/delete/", views.log_delete, name="log_delete"),
]
