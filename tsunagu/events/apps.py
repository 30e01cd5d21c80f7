from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tsunagu.events"
    verbose_name = _("催し")

    def ready(self) -> None:
        from tsunagu.events import access
        from tsunagu.people import policy

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)

        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.events.services import AUDIT_ACTIONS

        # The audit log's labels live in one dict; each capability adds its own there.
        ACTION_LABELS.update(AUDIT_ACTIONS)

        from tsunagu.events import invitations
        from tsunagu.lib import todo

        # Unanswered invitations wait on the invited person's to-do list.
        todo.register("events.invitations", invitations.unanswered_for)

        from tsunagu.events import followups

        # Follow-ups from the minutes wait on their owners' to-do lists until done.
        followups.connect()

        from tsunagu import attachments
        from tsunagu.events.models import Event

        # Materials, flyers and photos of the event (資料・写真): seen by those who see the event,
        # added and removed by its organisers; staff-only (an event page is not public).
        attachments.register(Event)

        from tsunagu.events import team_sections

        # A team's page (tsunagu/teams) shows its meetings and their open follow-ups.
        team_sections.connect()
