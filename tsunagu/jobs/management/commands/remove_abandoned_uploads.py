from django.core.management.base import BaseCommand

from tsunagu.jobs.uploads import remove_abandoned


class Command(BaseCommand):
    help = "Remove uploaded files no job needs any more (tsunagu/jobs/uploads.py gives the rule)."

    def handle(self, *args, **options):
        removed = remove_abandoned()
        self.stdout.write(f"removed {len(removed)} abandoned upload(s)")
