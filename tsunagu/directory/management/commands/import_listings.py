"""manage.py import_listings FILE [--dry-run] [--user USERNAME] [--visibility draft|public]

The same import as the staff pages (tsunagu/directory/importers.py): the column mapping remembered
for the file's headers, or else the guessed one; every row that cannot be used is printed with its
row number and the reason. With any such row nothing is written and the exit status is 1, unless
--skip-errors says to leave those rows out.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tsunagu.directory import importers
from tsunagu.directory.models import Category, Visibility
from tsunagu.lib.spreadsheets import SpreadsheetError
from tsunagu.people.models import User


class Command(BaseCommand):
    help = "地域資源を .xlsx / CSV から取り込みます（--dry-run で確認だけ）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="確認だけして、何も書き込みません。")
        parser.add_argument("--user", help="取り込む人のログイン名（この人が編集できる場所にだけ登録します）。"
                                           "省略すると、ただ1人のシステム管理者。")
        parser.add_argument("--visibility", choices=[Visibility.DRAFT, Visibility.PUBLIC, Visibility.STAFF],
                            default=Visibility.DRAFT, help="取り込んだ資源の公開範囲（既定：draft＝下書き）。")
        parser.add_argument("--update-duplicates", action="store_true",
                            help="すでにある資源と同じ行で、その資源を更新します（既定：飛ばす）。")
        parser.add_argument("--skip-errors", action="store_true",
                            help="問題のある行を除いて、残りを取り込みます（既定：1行でもあれば何も書き込まない）。")
        parser.add_argument("--category", action="append", default=[], metavar="CODE",
                            help="すべての行に付ける分類のコード（くり返し指定できます。例：kodomo-shokudo）。")

    def handle(self, *args, **options):
        user = self._user(options["user"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイル {path} が見つかりません。")
        try:
            table = importers.read(path.read_bytes(), path.name)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        remembered = importers.remembered_mapping(table.headers)
        mapping = remembered.mapping if remembered else importers.guess_mapping(table.headers)
        categories = list(options["category"]) or (remembered.categories if remembered else [])
        unknown = set(categories) - set(Category.objects.filter(code__in=categories).values_list("code", flat=True))
        if unknown:
            raise CommandError(f"分類のコード {'、'.join(sorted(unknown))} がありません。")
        self.stdout.write(("前回の列の対応" if remembered else "見出しから推測した列の対応") + "：")
        for header, target in mapping.items():
            label = importers.TARGET_BY_KEY[target].label if target else "（取り込まない）"
            self.stdout.write(f"  {importers.header_label(header)} → {label}")
        problems = importers.check_mapping(mapping)
        if problems:
            raise CommandError(" ".join(problems))

        plan = importers.analyse(user=user, table=table, mapping=mapping, categories=categories)
        errors, duplicates = plan.of_state("error"), plan.of_state("duplicate")
        for row in errors:
            self.stderr.write(f"{row.number}行目（{row.name or '名称なし'}）：{' '.join(row.errors)}")
        for row in duplicates:
            same = (f"登録済みの「{row.duplicate_of[1]}」（ID {row.duplicate_of[0]}）" if row.duplicate_of
                    else f"このファイルの{row.duplicate_row}行目")
            self.stdout.write(f"{row.number}行目（{row.name}）：{same}と同じ資源です。")
        self.stdout.write(f"{len(plan.rows)}行：新規 {len(plan.of_state('new'))}件、同じ資源 {len(duplicates)}件、"
                          f"問題のある行 {len(errors)}行。")
        if errors and not options["skip_errors"]:
            raise CommandError(f"{len(errors)}行に問題があるため、何も書き込んでいません。")
        if options["dry_run"]:
            self.stdout.write("確認だけです（--dry-run）。何も書き込んでいません。")
            return
        try:
            result = importers.commit(user=user, table=table, mapping=mapping, categories=categories,
                                      visibility=options["visibility"],
                                      update_duplicates=options["update_duplicates"],
                                      skip_errors=options["skip_errors"])
        except importers.ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"取り込みました：新規 {result['created']}件、更新 {result['updated']}件、"
            f"飛ばした同じ資源 {result['skipped_duplicates']}件、除いた行 {result['skipped_errors']}行。"))

    def _user(self, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"ログイン名 {username} の有効な利用者がいません。")
            return user
        admins = list(User.objects.filter(is_superuser=True, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError("--user で取り込む人のログイン名を指定してください。")
        return admins[0]
