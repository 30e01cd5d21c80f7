from django.urls import include, path

app_name = "events"

urlpatterns = [
    # The minutes, follow-ups, review and papers (tsunagu/events/minutes_urls.py).
    path("", include("tsunagu.events.minutes_urls")),
]
