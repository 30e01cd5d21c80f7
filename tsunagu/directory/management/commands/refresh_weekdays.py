"""manage.py refresh_weekdays — run daily (cron, or a systemd timer).

The public search's 「曜日」 filter reads each listing's weekday_mask. For rules by date (毎月15日)
and one-off dates it is worked out from the dates in the coming year, so it must be worked out
again as those dates pass: a listing whose last date was a Tuesday should stop answering
「火曜」. `make run` runs it once at start-up.

It also moves the 「きょう」「今週」 filters' fortnight of dates (UpcomingDate) on to today.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tsunagu.directory.services import refresh_weekday_masks, upcoming_dates_refresh


class Command(BaseCommand):
    help = "日付で決まる活動（毎月15日・日付指定）の「曜日」検索用の情報を、今日の日付で更新します。"

    def handle(self, *args, **options):
        changed = refresh_weekday_masks()
        self.stdout.write(f"曜日の情報を更新しました: {changed}件")
        dates = upcoming_dates_refresh()
        self.stdout.write(f"これから2週間の日付を更新しました: {dates}件")
