from django.urls import include, path

from tsunagu.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("calendar/subscribe/", views.calendar_feed, name="calendar_feed"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/new/", views.kind_create, name="kind_create"),
    path("kinds/<int:pk>/", views.kind_edit, name="kind_edit"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/delete/", views.event_delete, name="delete"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/participants.xlsx", views.participants_xlsx, name="participants_xlsx"),
    path("<int:pk>/participants/counts/", views.head_counts, name="head_counts"),
    path("<int:pk>/participants/<int:participant>/attendance/", views.participant_attendance, name="attendance"),
    path("<int:pk>/participants/<int:participant>/answer/", views.participant_answer, name="participant_answer"),
    path("<int:pk>/participants/<int:participant>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/agenda/new/", views.agenda_item_create, name="agenda_create"),
    path("<int:pk>/agenda/<int:item>/", views.agenda_item_edit, name="agenda_edit"),
    path("<int:pk>/agenda/<int:item>/delete/", views.agenda_item_delete, name="agenda_delete"),
    # The minutes, follow-ups, review and papers (tsunagu/events/minutes_urls.py).
    path("", include("tsunagu.events.minutes_urls")),
]
