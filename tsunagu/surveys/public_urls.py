"""The public answer pages: reached by a survey link (a token), no account."""

from django.urls import path

from tsunagu.surveys import public_views

urlpatterns = [
    path("<str:token>/", public_views.answer_page, name="survey_answer"),
    path("<str:token>/thanks/", public_views.thanks_page, name="survey_thanks"),
]
