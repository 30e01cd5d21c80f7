from django.urls import path

from tsunagu.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.listing_list, name="list"),
    path("new/", views.listing_create, name="create"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/edit/", views.listing_edit, name="edit"),
    path("<int:pk>/confirm/", views.listing_confirm, name="confirm"),
    path("<int:pk>/versions/<int:number>/restore/", views.listing_restore, name="restore"),
    path("<int:pk>/reports/<int:report_pk>/resolve/", views.report_resolve, name="report_resolve"),
]
