"""manage.py area_summary --date 2021-09-30 [--json]

The city and each ward from what was imported: population, 65+, 75+ and the aging rate — to hold
against the city's own tables."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tsunagu.assessment import indicators


class Command(BaseCommand):
    help = "取り込んだ人口から、市と各区の人口・65歳以上・75歳以上・高齢化率を示します。"

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="基準日 YYYY-MM-DD")
        parser.add_argument("--source", default="chocho", choices=["chocho", "estimate"])
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, date: str, source: str, json: bool = False, **options):
        try:
            day = _parse(date)
        except ValueError as error:
            raise CommandError("日付は YYYY-MM-DD で指定してください。") from error
        rows = indicators.city_and_wards(day, source)
        if not rows:
            raise CommandError(f"{day} の人口は取り込まれていません（manage.py import_population）。")
        if json:
            self.stdout.write(_dumps({"date": day.isoformat(), "source": source, "areas": rows}))
            return
        for row in rows:
            self.stdout.write(f"{row['name']}\t{row['population']}\t65+ {row['aged_65']}\t75+ {row['aged_75']}\t"
                              f"{row['aging_rate']}%")


def _parse(text: str) -> date:
    return date.fromisoformat(text)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
