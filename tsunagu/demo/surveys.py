"""The demo's アンケート (issue 15), as the casebook tells them (domain.md rows 磯子, 鶴見, 緑):

- 磯子区: the resident survey on shopping before mobile sales came to the hilltop (令和4年3月), over
  久良岐丘自治会 and two neighbouring 自治会 of 屛風ヶ浦 CP — about 150 answers, most typed in from the
  paper forms the 自治会 handed round, the rest through a link on the 回覧板's QR code; it belongs to
  the project 「久良岐丘自治会 移動販売の導入」(demo/projects.py).
- 鶴見区: the questionnaire to every volunteer group before their exchange meeting: one link a
  group (one answer each) carrying the group's name and area; most groups answered.
- 緑区: the care managers' questions about the resource site 「サービス検索ナビ」 before the joint
  training: 62 answers through one link, 48 % of them not knowing the site (the casebook's figure).

Answers are drawn from fixed seeds with leanings a coordinator would recognise (the hilltop 自治会
struggles most with the slope); the few names are made up (demo/names.py). Written through the
surveys app's services, so links, paper entries and 操作の記録 are the real ones.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tsunagu.demo.names import GIVEN, SURNAMES
from tsunagu.people.models import User
from tsunagu.places.models import Kind, Place
from tsunagu.surveys import services
from tsunagu.surveys.models import Condition, Question, Response, Status, Survey, Via
from tsunagu.surveys.models import Kind as Q
from tsunagu.surveys.services import Given

ISOGO_TITLE = "買い物についての住民アンケート（移動販売の検討のために）"
ISOGO_NOW_TITLE = "移動販売についてのアンケート（4年目の振り返り）"
TSURUMI_TITLE = "生活支援ボランティア団体アンケート（交流会の事前アンケート）"
MIDORI_TITLE = "ケアマネジャーアンケート「地域の活動をどう探していますか」"


def surveys_loaded() -> bool:
    return Survey.objects.filter(title=ISOGO_TITLE).exists()


def load_surveys() -> str:
    if surveys_loaded():
        return "アンケートのデモは読み込み済みです。"
    made = []
    with transaction.atomic():
        for load in (_isogo, _tsurumi, _midori):
            result = load()
            if result:
                made.append(result)
    if not made:
        return "アンケートのデモは読み込みませんでした（磯子区・鶴見区・緑区が見つかりません）。"
    return "アンケートのデモを読み込みました: " + "、".join(made)


# --- Helpers -----------------------------------------------------------------------------------


def _ward(name: str) -> Place | None:
    return Place.objects.filter(kind=Kind.WARD, name=name).first()


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _q(survey, kind, text, choices=(), rows=(), **kw) -> Question:
    return services.add_question(survey, kind=kind, text=text, choices_text="\n".join(choices),
                                 rows_text="\n".join(rows), **kw)


def _choices(question: Question) -> dict[str, int]:
    return {c.label: c.pk for c in question.choices.all()}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _some(rng: random.Random, chances: dict[str, float], at_least: int = 0) -> list[str]:
    chosen = [label for label, p in chances.items() if rng.random() < p]
    if len(chosen) < at_least:
        chosen = [max(chances, key=chances.get)]
    return chosen


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 20), rng.randint(0, 59))))


def _dated(response: Response, when: datetime) -> None:
    Response.objects.filter(pk=response.pk).update(created_at=when)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


# --- 磯子区: the resident survey before mobile sales ----------------------------------------------


def _isogo() -> str | None:
    hill = Place.objects.filter(kind=Kind.ASSOCIATION, name="久良岐丘自治会").first()
    if hill is None:
        return None
    cp = hill.ancestor_of_kind(Kind.CP_AREA) or hill.parent
    neighbours = list(Place.objects.filter(kind=Kind.ASSOCIATION, path__startswith=cp.path)
                      .exclude(pk=hill.pk).order_by("path")[:2])
    associations = [hill, *neighbours]
    staff = _user("byobugaura-2so") or _user("isogo-1so")
    from tsunagu.projects.models import Project

    project = Project.objects.filter(title="久良岐丘自治会 移動販売の導入").first()
    survey = services.create_survey(
        user=staff, place=cp, project=project, title=ISOGO_TITLE, status=Status.CLOSED,
        opens_on=date(2022, 3, 1), closes_on=date(2022, 3, 15), anonymous=True,
        contact="屛風ヶ浦地域ケアプラザ 生活支援コーディネーター（電話 045-000-0000）",
        intro=("日ごろの買い物について、みなさんのお考えをお聞かせください。移動販売（食料品を積んだ車が地域を回る"
               "販売）を始めるかどうかを、自治会と一緒に考えるための参考にします。\n"
               "お名前を書く欄はありません。回答は自治会の回覧でお配りした封筒で、班長さんにお渡しください。"),
        thanks="ご協力ありがとうございました。結果は自治会の回覧でお知らせします。",
    )
    age = _q(survey, Q.SINGLE, "あなたの年代を教えてください", ["60歳未満", "60代", "70代", "80代", "90歳以上"], required=True)
    home = _q(survey, Q.SINGLE, "いっしょに住んでいる方", ["ひとり暮らし", "夫婦のみ", "その他の同居"])
    trouble = _q(survey, Q.SINGLE, "ふだんの買い物に困っていますか", ["困っている", "少し困っている", "困っていない"],
                 required=True)
    fine = trouble.choices.get(label="困っていない")
    why = _q(survey, Q.MULTIPLE, "困っている理由は何ですか", ["坂道がつらい", "店が遠い", "重い荷物を運べない",
                                                      "バスの本数が少ない", "その他"],
             help="あてはまるものすべてに✓をつけてください。", show_if_question=trouble, show_if=Condition.IS_NOT,
             show_if_choice=fine)
    why.choices.filter(label="その他").update(with_text=True)
    how = _q(survey, Q.GRID, "次の方法で、どのくらい買い物をしますか", ["よく", "ときどき", "しない"],
             rows=["歩いて近くの店へ", "バス・電車で", "家族に頼む", "宅配・ネットスーパー"])
    want = _q(survey, Q.SCALE, "移動販売が近くに来たら、利用したいですか", scale_low="利用しない", scale_high="ぜひ利用したい",
              required=True)
    days = _q(survey, Q.MULTIPLE, "来てほしい曜日", ["月", "火", "水", "木", "金", "土"])
    where = _q(survey, Q.SHORT, "来てほしい場所（集会所の前、公園など）")
    voice = _q(survey, Q.LONG, "買い物や暮らしのことで、ご意見があればお書きください")

    ids = {q: _choices(q) for q in (age, home, trouble, why, how, days)}
    rows = {r.label: r.pk for r in how.rows.all()}
    # Paper came back through the 班長 in each 自治会; a few younger residents used the QR code.
    links = {a.pk: services.add_link(survey, user=staff, name=f"{a.name} 回覧板のQRコード", area=a)
             for a in associations}
    entered_by = staff
    per_association = [62, 48, 40][:len(associations)]
    places_said = {hill.pk: ["自治会館の前", "第一公園", "見晴らし広場", "坂の上のバス停"],
                   **{a.pk: ["集会所の前", "公園の入口", "商店の跡地"] for a in neighbours}}
    voices = ["坂の上まで重い物を持って帰るのが一番つらい。", "バスが1時間に1本で、帰りの荷物が大変です。",
              "豆腐や牛乳など、毎日の物が近くで買えるとありがたい。", "足が悪くなって、娘に頼むことが増えました。",
              "移動販売が来るなら、近所の人と会える場にもなりそう。", "値段が高くないか心配。", "今は困っていないが、先のことを考えると欲しい。",
              "雨の日にも来てもらえると助かる。", "ネットスーパーは使い方がわからない。"]
    rng = random.Random(1507)
    number = 0
    for association, count in zip(associations, per_association, strict=False):
        steep = association.pk == hill.pk
        for _n in range(count):
            number += 1
            values: dict[int, Given] = {}
            a = _pick(rng, {"60歳未満": 1, "60代": 2.5, "70代": 4, "80代": 3, "90歳以上": .6})
            values[age.pk] = Given(choices=[ids[age][a]])
            if rng.random() < .93:
                values[home.pk] = Given(choices=[ids[home][_pick(rng, {"ひとり暮らし": 3, "夫婦のみ": 4, "その他の同居": 3})]])
            older = a in ("80代", "90歳以上")
            t = _pick(rng, {"困っている": (5 if steep else 2) + (2 if older else 0), "少し困っている": 4,
                            "困っていない": 2 if steep else 5})
            values[trouble.pk] = Given(choices=[ids[trouble][t]])
            if t != "困っていない":
                reasons = _some(rng, {"坂道がつらい": .8 if steep else .3, "店が遠い": .6, "重い荷物を運べない": .55,
                                      "バスの本数が少ない": .35, "その他": .06}, at_least=1)
                given = Given(choices=[ids[why][r] for r in reasons])
                if "その他" in reasons:
                    given.text = rng.choice(["膝が痛い", "車を手放した", "家族が遠くに住んでいる"])
                values[why.pk] = given
            grid = {}
            for label, weights in (("歩いて近くの店へ", {"よく": 2 if not steep else 1, "ときどき": 3, "しない": 2}),
                                   ("バス・電車で", {"よく": 3, "ときどき": 3, "しない": 2}),
                                   ("家族に頼む", {"よく": 2 + older * 2, "ときどき": 3, "しない": 3}),
                                   ("宅配・ネットスーパー", {"よく": 1, "ときどき": 2, "しない": 5 + older * 2})):
                if rng.random() < .9:
                    grid[rows[label]] = [ids[how][_pick(rng, weights)]]
            values[how.pk] = Given(rows=grid)
            lean = {"困っている": 4.4, "少し困っている": 3.6, "困っていない": 2.6}[t]
            values[want.pk] = Given(number=Decimal(max(1, min(5, round(rng.gauss(lean, .9))))))
            if rng.random() < .75:
                values[days.pk] = Given(choices=[ids[days][d] for d in _some(
                    rng, {"月": .2, "火": .35, "水": .3, "木": .45, "金": .3, "土": .15}, at_least=1)])
            if rng.random() < .45:
                values[where.pk] = Given(text=rng.choice(places_said[association.pk]))
            if rng.random() < .3:
                values[voice.pk] = Given(text=rng.choice(voices))
            by_link = rng.random() < (.18 if older else .4)
            when = _at(date(2022, 3, 1) + timedelta(days=rng.randint(0, 14)), rng)
            if by_link:
                response = services.record_response(survey, values, via=Via.LINK, link=links[association.pk])
            else:
                response = services.record_response(survey, values, via=Via.PAPER, area=association,
                                                    entered_by=entered_by, source_ref=f"{number:03d}")
            _dated(response, when)
    for link in links.values():
        services.set_link_active(link, False)
    later = _isogo_now(cp, hill, staff, project)
    return f"磯子区 {survey.responses.count()}件・{later}件（受付中）"


def _isogo_now(cp: Place, hill: Place, staff, project) -> int:
    """The survey open today: how the mobile sales serve the 自治会 four years on, before its 総会
    (the project's last milestone) — by link and on paper, a few answers in so far."""
    today = timezone.localdate()
    survey = services.create_survey(
        user=staff, place=hill, project=project, title=ISOGO_NOW_TITLE, status=Status.OPEN,
        opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=30), anonymous=True,
        contact="屛風ヶ浦地域ケアプラザ 生活支援コーディネーター（電話 045-000-0000）",
        intro="移動販売が始まって4年になります。これからも続けていくために、ご意見をお聞かせください。",
        thanks="ご協力ありがとうございました。結果は自治会総会でお知らせします。")
    use = _q(survey, Q.SINGLE, "移動販売を利用していますか", ["毎週利用している", "ときどき利用している", "利用していない"],
             required=True)
    not_using = use.choices.get(label="利用していない")
    why = _q(survey, Q.MULTIPLE, "利用していない理由", ["時間が合わない", "会場が遠い", "ほしい物がない", "ほかで買える"],
             show_if_question=use, show_if=Condition.IS, show_if_choice=not_using)
    good = _q(survey, Q.SCALE, "移動販売は暮らしの役に立っていますか", scale_low="立っていない", scale_high="とても立っている")
    _q(survey, Q.LONG, "ご意見・ご要望")
    link = services.add_link(survey, user=staff, name="回覧板のQRコード", area=hill)
    ids, reasons = _choices(use), _choices(why)
    rng = random.Random(1508)
    for n in range(12):
        u = _pick(rng, {"毎週利用している": 5, "ときどき利用している": 3, "利用していない": 2})
        values = {use.pk: Given(choices=[ids[u]]),
                  good.pk: Given(number=Decimal(rng.choice([3, 4, 4, 5, 5])))}
        if u == "利用していない":
            values[why.pk] = Given(choices=[reasons[rng.choice(list(reasons))]])
        if n % 3:
            response = services.record_response(survey, values, via=Via.LINK, link=link)
        else:
            response = services.record_response(survey, values, via=Via.PAPER, area=hill, entered_by=staff,
                                                source_ref=f"{n + 1:03d}")
        _dated(response, _at(today - timedelta(days=rng.randint(0, 9)), rng))
    return survey.responses.count()


# --- 鶴見区: a questionnaire to every volunteer group before the exchange meeting ---------------


def _tsurumi() -> str | None:
    ward = _ward("鶴見区")
    if ward is None:
        return None
    from tsunagu.events.models import Event
    from tsunagu.people.models import Organisation, OrganisationKind

    event = Event.objects.filter(place__path__startswith=ward.path, title__startswith="生活支援ボランティア団体交流会（5会場").first()
    staff = _user("tsurumi-1so")
    # Every volunteer and サービスB group of the ward, those invited to the meeting first.
    kinds = (OrganisationKind.VOLUNTEER_GROUP, OrganisationKind.SERVICE_B)
    invited = list(Organisation.objects.filter(kind__in=kinds, event_participations__event=event)
                   .select_related("place").order_by("name")) if event else []
    others = list(Organisation.objects.filter(kind__in=kinds, place__path__startswith=ward.path)
                  .exclude(pk__in=[g.pk for g in invited]).select_related("place").order_by("name"))
    groups = [*invited, *others]
    start = event.starts_on if event and event.starts_on else timezone.localdate()
    survey = services.create_survey(
        user=staff, place=ward, event=event, title=TSURUMI_TITLE, status=Status.CLOSED,
        opens_on=start - timedelta(days=45), closes_on=start - timedelta(days=21), anonymous=False,
        contact="鶴見区社会福祉協議会 生活支援コーディネーター",
        intro=("交流会の準備のため、各団体の活動の様子と、交流会で聞きたいことを教えてください。"
               "団体ごとにお送りしたリンクから、代表の方か連絡係の方が1回だけお答えください。"),
        thanks="ありがとうございました。結果は交流会の資料として全団体にお配りします。",
    )
    activity = _q(survey, Q.MULTIPLE, "活動の内容", ["家事の手伝い", "ごみ出し", "買い物の付き添い・代行", "通院の付き添い",
                                              "外出の送迎", "話し相手・見守り"], required=True)
    people = _q(survey, Q.NUMBER, "活動している人の数", unit="人", number_min=0, number_max=500)
    ages = _q(survey, Q.SINGLE, "活動者の中心の年代", ["50代以下", "60代", "70代", "80代以上"])
    requests = _q(survey, Q.SINGLE, "この1年の依頼件数は", ["増えた", "変わらない", "減った"], required=True)
    fewer = requests.choices.get(label="減った")
    why_fewer = _q(survey, Q.MULTIPLE, "減った理由として思いあたること", ["利用者の外出控え", "頼んでいいのか迷う人がいる",
                                                                   "活動者が減って受けきれない", "その他"],
                   show_if_question=requests, show_if=Condition.IS, show_if_choice=fewer)
    worries = _q(survey, Q.GRID, "次のことにどのくらい困っていますか", ["とても", "少し", "困っていない"],
                 rows=["活動者の高齢化", "新しい活動者が集まらない", "広報・周知", "活動の資金"])
    ask = _q(survey, Q.LONG, "交流会で他の団体に聞きたいこと", required=True)
    attend = _q(survey, Q.SINGLE, "交流会に参加しますか", ["参加する", "検討中", "参加しない"], required=True)
    venue = _q(survey, Q.SINGLE, "参加する会場", ["豊岡地域ケアプラザ", "駒岡地域ケアプラザ", "安善地域ケアプラザ",
                                               "矢向地域ケアプラザ", "東寺尾地域ケアプラザ", "区社協（オンライン）"],
               show_if_question=attend, show_if=Condition.IS, show_if_choice=attend.choices.get(label="参加する"))
    ids = {q: _choices(q) for q in (activity, ages, requests, why_fewer, worries, attend, venue)}
    rows = {r.label: r.pk for r in worries.rows.all()}
    questions_asked = ["新しい担い手をどうやって集めていますか。", "チラシはどこに置くと届きますか。",
                       "支援の対象をどこまでにしていますか（要支援の方まで、など）。", "断るときにどう伝えていますか。",
                       "コロナの間、活動をどう続けましたか。", "男性の活動者を増やす工夫を知りたい。"]
    rng = random.Random(1501)
    answered = 0
    for n, group in enumerate(groups):
        link = services.add_link(survey, user=staff, name=group.name, area=group.place, once=True)
        # The invited groups all answered (the meeting's agenda says so); most of the others did.
        if n >= len(invited) and rng.random() < .3:
            continue
        r = _pick(rng, {"増えた": .5, "変わらない": 1.5, "減った": 4})
        values = {
            activity.pk: Given(choices=[ids[activity][k] for k in _some(rng, {"家事の手伝い": .7, "ごみ出し": .6,
                                                                       "買い物の付き添い・代行": .55, "通院の付き添い": .3,
                                                                       "外出の送迎": .2, "話し相手・見守り": .5}, 1)]),
            people.pk: Given(number=Decimal(rng.randint(6, 38))),
            ages.pk: Given(choices=[ids[ages][_pick(rng, {"50代以下": .3, "60代": 2, "70代": 5, "80代以上": 1})]]),
            requests.pk: Given(choices=[ids[requests][r]]),
            worries.pk: Given(rows={rows[label]: [ids[worries][_pick(rng, w)]] for label, w in (
                ("活動者の高齢化", {"とても": 5, "少し": 3, "困っていない": .5}),
                ("新しい活動者が集まらない", {"とても": 4, "少し": 3, "困っていない": 1}),
                ("広報・周知", {"とても": 2, "少し": 4, "困っていない": 2}),
                ("活動の資金", {"とても": .5, "少し": 2, "困っていない": 5}))}),
            ask.pk: Given(text=rng.choice(questions_asked)),
        }
        if r == "減った":
            values[why_fewer.pk] = Given(choices=[ids[why_fewer][x] for x in _some(
                rng, {"利用者の外出控え": .8, "頼んでいいのか迷う人がいる": .5, "活動者が減って受けきれない": .3}, 1)])
        a = "参加する" if n < len(invited) else _pick(rng, {"参加する": 3, "検討中": 2, "参加しない": 1})
        values[attend.pk] = Given(choices=[ids[attend][a]])
        if a == "参加する":
            values[venue.pk] = Given(choices=[ids[venue][rng.choice(list(ids[venue]))]])
        response = services.record_response(survey, values, via=Via.LINK, link=link,
                                            respondent_name=f"{_name(rng)}（代表）")
        _dated(response, _at(survey.opens_on + timedelta(days=rng.randint(2, 22)), rng))
        answered += 1
    return f"鶴見区 {len(groups)}団体中{answered}団体"


# --- 緑区: care managers and the resource site -------------------------------------------------


def _midori() -> str | None:
    ward = _ward("緑区")
    if ward is None:
        return None
    from tsunagu.events.models import Event

    event = Event.objects.filter(place__path__startswith=ward.path, title__startswith="ケアマネジャー向け勉強会").first()
    staff = _user("midori-cp03-2so") or _user("midori-1so")
    start = event.starts_on if event and event.starts_on else timezone.localdate()
    survey = services.create_survey(
        user=staff, place=ward, event=event, title=MIDORI_TITLE, status=Status.CLOSED,
        opens_on=start - timedelta(days=40), closes_on=start - timedelta(days=14), anonymous=True,
        contact="緑区社会福祉協議会・緑区役所 高齢・障害支援課",
        intro=("区内のケアマネジャーのみなさまに、地域の活動（サロン、配食、移動支援など）の情報をどう探しているかを"
               "うかがいます。勉強会の内容を決める参考にします。5分ほどで終わります。"),
    )
    years = _q(survey, Q.SINGLE, "ケアマネジャーとしての経験年数", ["3年未満", "3〜9年", "10年以上"], required=True)
    know = _q(survey, Q.SINGLE, "「サービス検索ナビ」を知っていますか",
              ["知っていて、使っている", "知っているが、使っていない", "知らない"], required=True)
    unused = know.choices.get(label="知っているが、使っていない")
    why = _q(survey, Q.MULTIPLE, "使っていない理由", ["情報が古そう", "探しにくい", "調べる時間がない", "その他"],
             show_if_question=know, show_if=Condition.IS, show_if_choice=unused)
    why.choices.filter(label="その他").update(with_text=True)
    find = _q(survey, Q.MULTIPLE, "地域の活動をどうやって探していますか", ["包括に聞く", "2層コーディネーターに聞く",
                                                                "インターネットで調べる", "チラシ・広報紙", "利用者・家族から"],
              required=True)
    used = _q(survey, Q.SINGLE, "地域の活動をケアプランに入れたことがありますか", ["ある", "ない"])
    useful = _q(survey, Q.GRID, "次の情報はどのくらい役に立ちますか", ["とても", "まあまあ", "あまり"],
                rows=["サロン・通いの場", "配食・会食", "移動支援", "見守り"])
    wish = _q(survey, Q.SCALE, "2層コーディネーターと顔を合わせる場があれば参加したいですか", scale_low="思わない",
              scale_high="ぜひ参加したい")
    voice = _q(survey, Q.LONG, "地域の活動の情報について、ご意見・ご要望")
    ids = {q: _choices(q) for q in (years, know, why, find, used, useful)}
    rows = {r.label: r.pk for r in useful.rows.all()}
    link = services.add_link(survey, user=staff, name="ケアマネ連絡会のメール")
    rng = random.Random(1523)
    voices = ["制度外の対応を自分で抱えなくてよいとわかれば助かる。", "情報が新しいかどうかがわかると使いやすい。",
              "地区ごとに一覧があると利用者に渡しやすい。", "申込が必要かどうかをすぐ知りたい。", "夜の研修ならオンラインで参加できる。"]
    # 62 answers, 30 of them (48 %) not knowing the site.
    knows = ["知らない"] * 30 + ["知っていて、使っている"] * 14 + ["知っているが、使っていない"] * 18
    rng.shuffle(knows)
    for k in knows:
        y = _pick(rng, {"3年未満": 2 if k == "知らない" else 1, "3〜9年": 3, "10年以上": 2})
        values = {years.pk: Given(choices=[ids[years][y]]), know.pk: Given(choices=[ids[know][k]]),
                  find.pk: Given(choices=[ids[find][f] for f in _some(rng, {
                      "包括に聞く": .75, "2層コーディネーターに聞く": .3 if y == "3年未満" else .5,
                      "インターネットで調べる": .35, "チラシ・広報紙": .4, "利用者・家族から": .45}, 1)]),
                  used.pk: Given(choices=[ids[used][_pick(rng, {"ある": 3 if y == "10年以上" else 1.5, "ない": 2})]]),
                  useful.pk: Given(rows={rows[label]: [ids[useful][_pick(rng, {"とても": 4, "まあまあ": 3, "あまり": 1})]]
                                         for label in rows}),
                  wish.pk: Given(number=Decimal(max(1, min(5, round(rng.gauss(3.8, 1))))))}
        if k == "知っているが、使っていない":
            chosen = _some(rng, {"情報が古そう": .6, "探しにくい": .4, "調べる時間がない": .35, "その他": .05}, 1)
            given = Given(choices=[ids[why][c] for c in chosen])
            if "その他" in chosen:
                given.text = "パソコンでしか見られないと思っていた"
            values[why.pk] = given
        if rng.random() < .35:
            values[voice.pk] = Given(text=rng.choice(voices))
        response = services.record_response(survey, values, via=Via.LINK, link=link)
        _dated(response, _at(survey.opens_on + timedelta(days=rng.randint(0, 25)), rng))
    return f"緑区 {survey.responses.count()}件"
