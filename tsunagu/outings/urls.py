from django.urls import path

from tsunagu.outings import views

app_name = "outings"
urlpatterns = [
    path("", views.outing_list, name="list"),
]
