from django.urls import path

from tsunagu.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.area, name="area"),
    path("<int:pk>/reading/", views.reading, name="reading"),
    path("<int:pk>/map/", views.map_page, name="map"),
    path("<int:pk>/cells.json", views.cells_data, name="cells"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report"),
]
