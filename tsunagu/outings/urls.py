from django.urls import include, path

from tsunagu.outings import views

app_name = "outings"
urlpatterns = [
    path("", views.outing_list, name="list"),
    path("new/", views.outing_create, name="create"),
    path("summary/", views.summary_page, name="summary"),
    path("summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("<int:pk>/", views.outing_detail, name="detail"),
    path("<int:pk>/edit/", views.outing_edit, name="edit"),
    path("<int:pk>/delete/", views.outing_delete, name="delete"),
    path("<int:pk>/participants/", views.participant_list, name="participants"),
    path("<int:pk>/participants/new/", views.participant_edit, name="participant_create"),
    path("<int:pk>/participants/<int:participant_pk>/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/participants/<int:participant_pk>/delete/", views.participant_delete, name="participant_delete"),
    path("<int:pk>/pairs/new/", views.pair_add, name="pair_add"),
    path("<int:pk>/pairs/<int:pair_pk>/delete/", views.pair_delete, name="pair_delete"),
    path("<int:pk>/days/<int:day_pk>/cars/new/", views.booking_edit, name="booking_create"),
    path("<int:pk>/days/<int:day_pk>/cars/<int:booking_pk>/", views.booking_edit, name="booking_edit"),
    path("<int:pk>/days/<int:day_pk>/cars/<int:booking_pk>/delete/", views.booking_delete, name="booking_delete"),
    path("<int:pk>/days/<int:day_pk>/record/", views.day_record, name="day_record"),
    path("taxis/", views.company_list, name="companies"),
    path("taxis/new/", views.company_edit, name="company_create"),
    path("taxis/<int:pk>/", views.company_detail, name="company"),
    path("taxis/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("taxis/<int:pk>/delete/", views.company_delete, name="company_delete"),
    path("tariffs/", views.tariff_list, name="tariffs"),
    path("tariffs/new/", views.tariff_edit, name="tariff_create"),
    path("tariffs/<int:pk>/edit/", views.tariff_edit, name="tariff_edit"),
    path("tariffs/<int:pk>/delete/", views.tariff_delete, name="tariff_delete"),
    # The dispatch plan of a day and its papers (tsunagu/outings/plan_urls.py).
    path("", include("tsunagu.outings.plan_urls")),
]
