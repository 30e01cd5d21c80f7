from django.urls import path

from tsunagu.directory import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.search_page, name="search"),
    path("points.json", public_views.points, name="points"),
    path("wards.geojson", public_views.wards, name="wards"),
    path("<int:pk>/", public_views.listing_page, name="listing"),
    path("<int:pk>/report/", public_views.report, name="report"),
]
