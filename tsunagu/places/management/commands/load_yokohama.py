from django.core.management.base import BaseCommand

from tsunagu.places.yokohama import load_base_data


class Command(BaseCommand):
    help = "Load Yokohama's city, 18 wards (with boundaries) and 1,705 町丁目. Safe to run again."

    def handle(self, *args, **options):
        counts = load_base_data()
        self.stdout.write(
            f"横浜市: {counts['wards']} 区, {counts['blocks']} 町丁目 ({counts['new_blocks']} new)"
        )
