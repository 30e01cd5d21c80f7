from __future__ import annotations

from django.contrib.auth import views as auth_views


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Choosing one's own password also ends the 'temporary password' state."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        return response
