"""manage.py import_population [DIR] [--date YYYY-MM-DD]

Reads the city's 町丁別年齢別人口 CSVs (one per ward, as published) and the ward estimates JSON
under DIR (default: the copy in assessment/data/population), places each row on the places tree
and lists the rows it could not place, with why. A later month is imported by the same command
with its files; a date imported again replaces that date's figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tsunagu.assessment import population


class Command(BaseCommand):
    help = "市の町丁別年齢別人口（CSV）と区の推計人口（JSON）を取り込み、結び付けられなかった行を示します。"

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(population.DATA_DIR))
        parser.add_argument("--date", help="基準日（ファイル名から分からないとき）YYYY-MM-DD")

    def handle(self, *args, directory, date=None, **options):
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"フォルダがありません: {path}")
        try:
            row_date = _date(date) if date else None
            chocho, estimates = population.import_population(path, row_date)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if chocho:
            self.stdout.write(f"町丁別 {chocho.date}: {chocho.wards}区, 町丁目に結び付けた行 {chocho.placed}, "
                              f"結び付けられなかった行 {len(chocho.unplaced)}")
            for row in chocho.unplaced:
                if row.get("kind") == "place":
                    self.stdout.write(f"  {row['ward']} {row['name']}（場所の一覧の町丁目）: {row['reason']}")
                    continue
                total = "X" if row["total"] is None else row["total"]
                self.stdout.write(f"  {row['ward']} {row['name']} ({total}人): {row['reason']}")
        if estimates:
            self.stdout.write(f"推計人口 {estimates.date}: {estimates.placed}件")
        if not chocho and not estimates:
            raise CommandError("取り込めるファイル（.csv / .json）がありません。")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError("日付は YYYY-MM-DD で指定してください。") from error
