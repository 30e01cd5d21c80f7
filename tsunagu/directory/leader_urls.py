from django.urls import path

from tsunagu.directory import leader_views

app_name = "leader"
urlpatterns = [
    path("<str:token>/", leader_views.leader_page, name="page"),
    path("<str:token>/confirm/", leader_views.leader_confirm, name="confirm"),
    path("<str:token>/thanks/<str:what>/", leader_views.leader_thanks, name="thanks"),
]
