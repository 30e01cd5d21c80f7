from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tsunagu.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, yes=False, **options):
        if not yes and input(f"Replace ALL data with {path}? Type yes: ").strip() != "yes":
            raise CommandError("cancelled")
        try:
            restore(Path(path))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("restored")
