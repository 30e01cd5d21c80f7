"""The demo's project (issue 13, item 3): 磯子区's year with 久良岐丘自治会, as the casebook tells it.

The 2層Co of 屛風ヶ浦 CP, the 区社協's 1層Co and the ward office formed a project team in 令和3年
autumn; a resident survey, a visit to another association's sales sites, the briefing in July, a
pilot in August and the launch on 令和4年9月15日 were its milestones. For the first month after the
launch the members took turns at the weekly sales and wrote what they saw in a shared sheet —
sales, things to watch, people they worry about — and the three organisations commented on each
other's entries. The 自治会長 and the supermarket's driver are on the team with accounts of their
own (no staff role); the 2層Co holds the grant to read the 気になる人 entries.

Dates are the casebook's own (the mobile-sales listings, demo/listings.py, start on the same day).
Written through the projects app's services, so the history and 操作の記録 are the real ones.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from tsunagu.people.models import Membership, Organisation, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place

TITLE = "久良岐丘自治会 移動販売の導入"
PURPOSE = (
    "高台で坂が多く、近くにスーパーがない久良岐丘自治会で、住民と一緒に移動販売を始め、続けていく。"
    "あせらず、ゆっくり。会長・住民・企業・支援機関の気持ちをそろえ、小さな道標を一つずつ進める。"
)
MILESTONES = [
    ("生活支援Co連絡会で移動販売を通じた地域支援を説明", date(2021, 10, 20), date(2021, 10, 20)),
    ("自治会長と検討開始・プロジェクトチーム結成", date(2021, 12, 1), date(2021, 12, 8)),
    ("買物についての住民アンケート", date(2022, 3, 1), date(2022, 3, 15)),
    ("他地区自治会の販売会場を見学", date(2022, 5, 10), date(2022, 5, 12)),
    ("会場の交渉（4か所）", date(2022, 6, 15), date(2022, 6, 28)),
    ("住民説明会", date(2022, 7, 16), date(2022, 7, 16)),
    ("プレ実施", date(2022, 8, 18), date(2022, 8, 18)),
    ("出発式", date(2022, 9, 15), date(2022, 9, 15)),
    ("導入後1か月の振り返り", date(2022, 10, 20), date(2022, 10, 27)),
    ("3か月の振り返り（次の課題の整理）", date(2022, 12, 15), date(2022, 12, 15)),
    ("令和8年度の振り返り（自治会総会の前に）", date(2027, 2, 18), None),
]
# (days after the launch, writer, text, sensitive, comments [(writer, text)])
LOG = [
    (0, "2so", "出発式。会長のあいさつのあと4会場を回った。自治会館前に40人ほど。役員の方が荷物を持って坂を上がる手伝い。",
     False, [("1so", "会長の「石橋を叩きすぎて壊してしまうかと思った」に皆で笑い、涙ぐみました。"),
             ("chair", "ありがとうございました。来週からが本番です。")]),
    (7, "1so", "2回目。第一公園会場は日陰がなく暑い。テントを自治会で用意できるか相談。野菜と豆腐がよく売れた。",
     False, [("chair", "テントは自治会の倉庫にあります。来週から出します。"),
             ("market", "豆腐を多めに積みます。")]),
    (7, "2so", "見晴らし広場会場に、いつも来ると聞いていた方が来ていない。会長に様子を聞いてみる。",
     True, [("2so", "会長から：ご家族が来ていて、しばらく娘さんの家にいるとのこと。安心しました。")]),
    (14, "ward", "3回目。4会場で延べ70人ほど。見晴らし広場は坂の上で、歩行の大変な方が多い。停車時間を延ばせないか。",
     False, [("market", "次の会場との間を5分詰めて、見晴らし広場を10分延ばします。")]),
    (21, "2so", "4回目。雨で客足が少ない。パンが残った。雨の日の会場（集会所の軒先）を会長と下見。",
     False, [("chair", "第二集会所は雨の日に中を使えるよう、管理の方に話しました。")]),
    (21, "2so", "自治会館前で、つり銭の計算に戸惑う方がいた。以前より物忘れが増えたようだと役員の方から。包括につなぐか相談したい。",
     True, [("2so", "包括の担当と、次の木曜に会場で一緒にお会いすることにしました。")]),
    (28, "1so", "5回目。1か月で延べ250人ほど。移動販売だけでは応えられない声（電球の交換、通院の足）も出てきた。振り返りで話し合う。",
     False, [("2so", "通院の足はCPの移動支援の話し合いにつなげます。"), ("chair", "自治会としても役員で話してみます。")]),
]


def _ward(name: str) -> Place | None:
    return Place.objects.filter(kind=Kind.WARD, name=name).first()


def _partner(username: str, display_name: str, organisation: Organisation) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
    if created:
        from tsunagu.demo.yokohama import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, organisation=organisation, role=Role.VIEWER)
    return user


def projects_loaded() -> bool:
    from tsunagu.projects.models import Project

    return Project.objects.filter(title=TITLE).exists()


@transaction.atomic
def load_projects() -> str:
    """Called by load_demo: 磯子's project, unless it is there; a line to print."""
    from tsunagu.people import services as people
    from tsunagu.projects import access, services
    from tsunagu.projects.models import LogEntry, ProjectStage

    if projects_loaded():
        return "プロジェクトのデモ（磯子区 久良岐丘自治会）は読み込み済みです。"
    ward = _ward("磯子区")
    association = Place.objects.filter(kind=Kind.ASSOCIATION, name="久良岐丘自治会").first()
    users = {u.username: u for u in User.objects.filter(username__in=["isogo-1so", "byobugaura-2so", "isogo-ward"])}
    if ward is None or association is None or len(users) < 3:
        return "プロジェクトのデモは読み込みませんでした（磯子区・久良岐丘自治会・その職員が見つかりません）。"
    association_org = Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION, place=association).first()
    market = Organisation.objects.filter(kind=OrganisationKind.SUPERMARKET, place=ward).first()
    cp = association.ancestor_of_kind(Kind.CP_AREA)
    cp_org = Organisation.objects.filter(kind=OrganisationKind.CARE_PLAZA, place=cp).first() if cp else None
    council = Organisation.objects.filter(kind=OrganisationKind.WARD_COUNCIL, place=ward).first()
    office = Organisation.objects.filter(kind=OrganisationKind.WARD_OFFICE, place=ward).first()
    lead, cp_co, ward_office = users["isogo-1so"], users["byobugaura-2so"], users["isogo-ward"]
    cast = {"1so": lead, "2so": cp_co, "ward": ward_office}
    if association_org is not None:
        cast["chair"] = _partner("kurakigaoka-kaicho", "久良岐丘自治会 会長", association_org)
    if market is not None:
        cast["market"] = _partner("isogo-idouhanbai", f"{market.name} 担当", market)

    stage = ProjectStage.objects.filter(ward=None, name="本格実施").first()
    project = services.project_create(
        user=lead, title=TITLE, place=association, purpose=PURPOSE, stage=stage,
        organisations=[o for o in (association_org, market, cp_org, council, office) if o is not None])
    for key, role, note in (("2so", "member", "会場の見守り・会長との相談"), ("ward", "member", "包括ケア係長"),
                            ("chair", "partner", "自治会長"), ("market", "partner", "移動販売車の運行")):
        if key in cast:
            services.member_add(user=lead, project=project, member=cast[key], role=role, note=note)
    for title, planned, done in MILESTONES:
        services.milestone_save(user=lead, project=project, title=title, planned_on=planned,
                                status="done" if done else "planned", done_on=done)
    # The 2層Co reads the 気になる人 entries: the 1層Co grants it over the CP area for the 年度.
    if cp is not None and not cp_co.grants.filter(action=access.READ_SENSITIVE.name).exists():
        people.grant_create(granter=lead, user=cp_co, action=access.READ_SENSITIVE.name, place=cp,
                            reason="移動販売の会場で気づいた気になる人を、チームで見守るため",
                            starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31))
    # Only members who hold the grant write and comment on the 気になる人 entries.
    launch = date(2022, 9, 15)
    for days, writer, text, sensitive, comments in LOG:
        author = cast.get(writer, lead)
        entry = services.entry_create(user=author, project=project, date=launch + timedelta(days=days), body=text,
                                      sensitive=sensitive)
        for who, comment in comments:
            if who in cast:
                services.comment_add(user=cast[who], entry=entry, body=comment)
    entries = LogEntry.objects.filter(project=project).count()
    return f"プロジェクトのデモを読み込みました: 磯子区 久良岐丘自治会（マイルストーン {len(MILESTONES)}、共有ログ {entries}）"
