from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "tsunagu.directory"
    verbose_name = _("地域資源")

    def ready(self) -> None:
        from tsunagu.directory import access
        from tsunagu.people import policy

        # This capability's actions, for the access mechanism and the role × action table.
        policy.declare(*access.ACTIONS)

        from tsunagu.directory import choices, place_words, suggestions
        from tsunagu.directory.search import after_migrate

        # SQLite drops a table's triggers when a migration remakes it; put the search index's back.
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="directory-search-triggers")
        from tsunagu.audit.services import ACTION_LABELS
        from tsunagu.directory.services import AUDIT_ACTIONS
        from tsunagu.directory.subsidies import subsidy_deadlines
        from tsunagu.lib import todo

        ACTION_LABELS.update(AUDIT_ACTIONS)
        # 助成金の申請・報告の締切 on the owner's "my to-do" (lib/todo.py).
        todo.register("directory.subsidy_deadlines", subsidy_deadlines)
        from tsunagu import attachments
        from tsunagu.directory.models import Listing

        # Photos and flyers of a listing: staff-only unless marked 公開, and then shown on the
        # public page only while the listing itself is public.
        attachments.register(Listing, public=lambda listing: Listing.objects.public().filter(pk=listing.pk).exists())
        choices.connect()
        place_words.connect()
        suggestions.connect()
