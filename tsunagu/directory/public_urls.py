from django.urls import path

from tsunagu.directory import list_views, public_views

app_name = "public"
urlpatterns = [
    path("", public_views.search_page, name="search"),
    path("points.json", public_views.points, name="points"),
    path("wards.geojson", public_views.wards, name="wards"),
    path("<int:pk>/", public_views.listing_page, name="listing"),
    path("<int:pk>/report/", public_views.report, name="report"),
    path("towns/", public_views.towns, name="towns"),
    # A care manager's list (lists.py): this browser's own, and a sent one read by its token.
    path("list/", list_views.list_page, name="list"),
    path("list/add/", list_views.list_add, name="list_add"),
    path("list/<int:pk>/remove/", list_views.list_remove, name="list_remove"),
    path("list/<int:pk>/move/", list_views.list_move, name="list_move"),
    path("list/clear/", list_views.list_clear, name="list_clear"),
    path("list/share/", list_views.list_share, name="list_share"),
    path("list/list.pdf", list_views.list_pdf, name="list_pdf"),
    path("l/<str:token>/", list_views.shared_list, name="shared_list"),
    path("l/<str:token>/list.pdf", list_views.shared_list_pdf, name="shared_list_pdf"),
]
