from django.contrib.auth import views as auth_views
from django.urls import path

from tsunagu.people.password import OwnPasswordChangeView

urlpatterns = [
    path("", OwnPasswordChangeView.as_view(), name="password_change"),
    path("done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
