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
        choices.connect()
        place_words.connect()
        suggestions.connect()
