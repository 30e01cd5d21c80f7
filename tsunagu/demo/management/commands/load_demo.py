from django.core.management.base import BaseCommand

from tsunagu.demo.yokohama import DEMO_PASSWORD, DemoBuilder, demo_loaded


class Command(BaseCommand):
    help = "Load the Yokohama demo (places, organisations, demo accounts). Skipped if already loaded."

    def handle(self, *args, **options):
        if demo_loaded():
            self.stdout.write("デモデータは読み込み済みです。")
            builder = None
        else:
            builder = DemoBuilder()
            counts = builder.build()
            self.stdout.write(
                "デモデータを読み込みました: "
                + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
        # The coordinators' records run on their own check, so that a database holding the
        # older demo (places, listings) gets them too.
        from tsunagu.demo.records import load_records

        self.stdout.write(load_records())
        from tsunagu.demo.teams_partners import load_teams_and_partners

        self.stdout.write(load_teams_and_partners())
        # After the partners: 南区's and 都筑区's taxi companies are tied to their partner records.
        from tsunagu.demo.outings import load_outings

        self.stdout.write(load_outings())
        from tsunagu.demo.projects import load_projects

        self.stdout.write(load_projects())
        # The casebook's own cases (events, teams, partners, the 磯子 log, 港北's grants): after
        # the records, whose 連絡会 it fills in rather than doubles.
        from tsunagu.demo.casebook_load import load_casebook

        self.stdout.write(load_casebook())
        # アンケート (磯子区's resident survey, 鶴見区's group questionnaire, 緑区's care managers):
        # after the projects and the casebook's events they belong to.
        from tsunagu.demo.surveys import load_surveys

        self.stdout.write(load_surveys())
        # The population by 町丁目 and the 都筑区/泉区 assessments (issue 15): one cheap import.
        from tsunagu.demo.assessment import load_assessment

        self.stdout.write(load_assessment())
        self.print_logins(builder)

    def print_logins(self, builder):
        from tsunagu.people.models import User

        wanted = [
            ("admin", "市の管理者（市社協）"),
            ("naka-1so", "中区 1層Co"),
            ("naka-ward", "中区役所"),
            ("naka-chiku", "中区社協 地区担当"),
            ("minosawa-2so", "簑沢地域ケアプラザ 2層Co"),
            ("minosawa-staff", "簑沢地域ケアプラザ 地域交流Co"),
            ("naka-cm", "中区 ケアマネジャー（閲覧）"),
            ("isogo-1so", "磯子区 1層Co"),
            ("byobugaura-2so", "屛風ヶ浦地域ケアプラザ 2層Co"),
            ("aoba-1so", "青葉区 1層Co"),
            ("ooba-2so", "大場地域ケアプラザ 2層Co"),
            ("seya-1so", "瀬谷区 1層Co"),
            ("futatsubashi-2so", "二ツ橋地域ケアプラザ 2層Co"),
        ]
        existing = set(User.objects.filter(username__in=[u for u, _ in wanted]).values_list("username", flat=True))
        self.stdout.write("")
        self.stdout.write(f"デモのログイン（パスワードはすべて {DEMO_PASSWORD}）:")
        for username, label in wanted:
            if username in existing:
                self.stdout.write(f"  {username:<18} {label}")
        self.stdout.write("  ほかの区も同じ形です: <区>-1so, <区>-ward, <区>-chiku, <区>-cm, <区>-cp01-2so …")
        from tsunagu.demo.records import RECORD_LOGINS

        shown = [(u, label) for u, label in RECORD_LOGINS
                 if User.objects.filter(username=u).exists()]
        if shown:
            self.stdout.write("")
            self.stdout.write("取組メモ・取組共有シート・地域支援計画・ヒアリング・区の一覧が見えるログイン"
                              "（西区・青葉区・神奈川区・中区）:")
            for username, label in shown:
                self.stdout.write(f"  {username:<18} {label}")
