from django.urls import path

from tsunagu.directory import freshness_views, views

app_name = "directory"
urlpatterns = [
    path("", views.listing_list, name="list"),
    path("new/", views.listing_create, name="create"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/edit/", views.listing_edit, name="edit"),
    path("<int:pk>/confirm/", views.listing_confirm, name="confirm"),
    path("<int:pk>/versions/<int:number>/restore/", views.listing_restore, name="restore"),
    path("<int:pk>/reports/<int:report_pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("proposals/", freshness_views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", freshness_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/decide/", freshness_views.proposal_decide, name="proposal_decide"),
    path("stale/", freshness_views.stale_list, name="stale"),
    path("stale/send/", freshness_views.stale_send, name="stale_send"),
]
