from django.urls import path

from tsunagu.liaison import views

# 区の一覧 under wards/ and 記録をさがす under search/: neither address starts the other, so the
# menu marks only the one a person is on.
app_name = "liaison"
urlpatterns = [
    path("wards/", views.index, name="index"),
    path("wards/<int:ward>/", views.ward_view, name="ward"),
    path("wards/<int:ward>/pack.xlsx", views.pack_xlsx, name="pack_xlsx"),
    path("wards/<int:ward>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("wards/<int:ward>/meetings/", views.meetings, name="meetings"),
    path("search/", views.records_search, name="search"),
]
