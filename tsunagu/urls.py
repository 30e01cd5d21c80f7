from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tsunagu.directory import public_views
from tsunagu.home import todo_views
from tsunagu.home import views as home_views
from tsunagu.people.forms import LoginForm

urlpatterns = [
    path("", public_views.search_page, name="index"),
    path("resources/", include("tsunagu.directory.public_urls")),
    path("api/hsds/", include("tsunagu.directory.api_urls")),
    path("check/", include("tsunagu.directory.leader_urls")),
    path("about/", home_views.about, name="about"),
    path("home/", home_views.home, name="home"),
    path("todo/", todo_views.todo_list, name="todo"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", include("tsunagu.people.password_urls")),
    path("places/", include("tsunagu.people.place_urls")),
    path("audit/", include("tsunagu.people.audit_urls")),
    path("assessment/", include("tsunagu.assessment.urls")),
    path("attachments/", include("tsunagu.attachments.urls")),
    path("directory/", include("tsunagu.directory.urls")),
    path("plans/", include("tsunagu.district_plans.urls")),
    path("hearings/", include("tsunagu.hearings.urls")),
    path("events/", include("tsunagu.events.urls")),
    path("projects/", include("tsunagu.projects.urls")),
    path("jobs/", include("tsunagu.jobs.urls")),
    path("liaison/", include("tsunagu.liaison.urls")),
    path("memos/", include("tsunagu.memos.urls")),
    path("partners/", include("tsunagu.partners.urls")),
    path("outings/", include("tsunagu.outings.urls")),
    path("sheets/", include("tsunagu.sheets.urls")),
    path("teams/", include("tsunagu.teams.urls")),
    path("surveys/", include("tsunagu.surveys.urls")),
    # The public answer page of a survey link (no login): short, for printed URLs and QR codes.
    path("a/", include("tsunagu.surveys.public_urls")),
    path("", include("tsunagu.people.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
