from django.urls import path

from tsunagu.people import audit_views as views

app_name = "audit"
urlpatterns = [path("", views.entry_list, name="list")]
