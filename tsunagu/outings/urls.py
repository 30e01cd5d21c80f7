from django.urls import include, path

from tsunagu.outings import views

app_name = "outings"
urlpatterns = [
    path("", views.outing_list, name="list"),
    # The dispatch plan of a day and its papers (tsunagu/outings/plan_urls.py).
    path("", include("tsunagu.outings.plan_urls")),
]
