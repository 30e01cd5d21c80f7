from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tsunagu.lib.backup import backup


class Command(BaseCommand):
    help = "Back up the whole database (SQLite online backup or pg_dump) to a file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="target file (default: var/backups/tsunagu-<time>)")

    def handle(self, *args, path=None, **options):
        if not path:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"tsunagu-{stamp}.backup"
        written = backup(Path(path))
        self.stdout.write(f"backup written: {written}")
