"""The routes of an event's minutes, follow-ups, review and papers, included from
tsunagu/events/urls.py (so their names are events:…)."""

from django.urls import path

from tsunagu.events import minutes_views as views

urlpatterns = [
    path("<int:pk>/minutes/", views.minutes_page, name="minutes"),
    path("<int:pk>/minutes/general/edit/", views.minutes_edit, name="minutes_edit_general"),
    path("<int:pk>/minutes/<int:item>/edit/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes.xlsx", views.minutes_xlsx, name="minutes_xlsx"),
    path("<int:pk>/invitation.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("<int:pk>/review/edit/", views.review_edit, name="review_edit"),
    path("<int:pk>/followups/new/", views.followup_create, name="followup_create"),
    path("followups/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("followups/<int:pk>/edit/", views.followup_edit, name="followup_edit"),
    path("followups/<int:pk>/delete/", views.followup_delete, name="followup_delete"),
    path("followups/<int:pk>/status/", views.followup_status, name="followup_status"),
]
