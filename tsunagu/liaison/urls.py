from django.urls import path

from tsunagu.liaison import views

app_name = "liaison"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.records_search, name="search"),
    path("<int:ward>/", views.ward_view, name="ward"),
    path("<int:ward>/pack.xlsx", views.pack_xlsx, name="pack_xlsx"),
    path("<int:ward>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("<int:ward>/meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
]
