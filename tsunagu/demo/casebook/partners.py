"""Ward-wide partners (tsunagu.partners): 南区's taxi companies, 栄区's supermarkets, 都筑区's taxi
companies, each with its cooperation status through time and a dated contact log.

南区 consulted seven taxi companies operating in and near the ward (through the Kanagawa taxi
association); two offered to cooperate. The demo has two taxi offices per ward, so this content
adds five more in 南区 (ADDED) — made-up names, like the demo's. 栄区's supermarket runs the 19
mobile-sales sites; a second one is being asked about a site in 田谷. 都筑区's taxi companies came
to the 高齢者等の移動支援を考える会; one hosts the drivers' training.

The Kanagawa taxi association advised 南区 and called the companies together; it is at the
exchange meeting and the briefing (events.py) but not on 南区's board, which shows the casebook's
pipeline as it was: seven companies consulted, two cooperating (都筑区 does put it on its board).

Contact people are recorded by role (営業所長, 配車担当), never as invented personal data. A
status never lies in the future (partners refuses it), so every step is on or before the
reference date.
"""

from __future__ import annotations

from datetime import date

from tsunagu.demo.casebook.cast import TAXI_ASSOCIATION, chiku, co1, co2, cp, supermarket
from tsunagu.demo.casebook.shapes import Contact, ContactPerson, Day, NewOrganisation, Partner, StatusStep

# --- 南区 ------------------------------------------------------------------------------------

W = "南区"
ADDED_MINAMI = tuple(
    NewOrganisation(name, "taxi", W, "南区の意見交換会に参加したタクシー会社（区内・近隣で営業）")
    for name in ("つばめ交通 南営業所", "さくら交通 南営業所", "あおぞらタクシー 南営業所", "ひまわり交通 南営業所",
                 "ことぶき交通 南営業所")
)
ASKED = Day(-112)  # the association's call to the companies before the exchange meeting (events.py, Day(-96))


def _taxi(key: str, name: str, history: tuple[StatusStep, ...], **kw) -> Partner:
    return Partner(key=key, ward=W, organisation=name, history=history, offers=kw.pop("offers", ("transport",)), **kw)


MINAMI = (
    _taxi("minami-hamakaze", "はまかぜタクシー 南営業所",
          (StatusStep("consulting", ASKED, "協会経由で意見交換会に案内"),
           StatusStep("cooperating", Day(-72), "地域活動での利用に協力を申し出")),
          offer="平日昼間の貸切（日帰り旅行・食事会の送迎）、乗降の介助", area="唐沢・弘明寺町山下のCPエリア（モデル地区）",
          contacts=(ContactPerson("営業所長", "はまかぜタクシー 南営業所"),
                    ContactPerson("配車担当", "はまかぜタクシー 南営業所", "予約は3日前までに電話で")),
          log=(Contact(Day(-72), co1(W), "1層Co", "営業所長", "協力の申し出を受けて、モデル地区の活動を説明。",
                       "まず唐沢の食事会の送迎で試す。見積もりを出してもらう。", place=cp(W, 4)),
               Contact(Day(-15), co2(W, 4), "唐沢CP 2層Co", "配車担当", "食事会（月1回）の送迎の見積もりを受け取った。",
                       "4人乗り2台、往復。地区社協の役員会で検討してもらう。", place=cp(W, 4)))),
    _taxi("minami-minato", "みなと自動車 南営業所",
          (StatusStep("consulting", ASKED, "協会経由で意見交換会に案内"),
           StatusStep("cooperating", Day(-69), "福祉タクシーの経験から協力を申し出")),
          offers=("transport", "watch"), offer="福祉タクシー（車いす対応）、日帰り旅行の貸切",
          area="南区全域",
          contacts=(ContactPerson("営業所長", "みなと自動車 南営業所"),),
          log=(Contact(Day(-69), co1(W), "1層Co・地区担当", "営業所長", "協力の申し出。福祉タクシーの料金体系を聞いた。",
                       "説明会で会社の紹介をしてもらう。"),)),
    _taxi("minami-tsubame", "つばめ交通 南営業所",
          (StatusStep("consulting", ASKED), StatusStep("declined", Day(-66), "台数が少なく、平日昼の貸切は難しい")),
          log=(Contact(Day(-66), co1(W), "1層Co", "配車担当", "協力の可否を電話で確認。", "今回は見送り。状況が変われば連絡をもらう。"),)),
    _taxi("minami-sakura", "さくら交通 南営業所",
          (StatusStep("consulting", ASKED), StatusStep("declined", Day(-64), "本社の方針で団体利用の割引ができない"))),
    _taxi("minami-aozora", "あおぞらタクシー 南営業所",
          (StatusStep("consulting", ASKED), StatusStep("declined", Day(-60), "営業区域の中心が近隣区で、南区の地域活動には出にくい"))),
    _taxi("minami-himawari", "ひまわり交通 南営業所",
          (StatusStep("consulting", ASKED, "意見交換会に参加、社内で検討中"),),
          log=(Contact(Day(-30), chiku(W), "地区担当", "営業所長", "検討の状況を確認。", "来年度の体制が決まってから返事をもらう。"),)),
    _taxi("minami-kotobuki", "ことぶき交通 南営業所",
          (StatusStep("consulting", ASKED, "意見交換会に参加、社内で検討中"),)),
)

# --- 栄区 ------------------------------------------------------------------------------------

W = "栄区"
ADDED_SAKAE = (NewOrganisation("フレッシュマート本郷台（移動販売）", "supermarket", W,
                               "田谷の新しい会場の候補として打診しているスーパー"),)
SAKAE = (
    Partner(
        key="sakae-maruyoshi", ward=W, organisation=supermarket(W),
        history=(StatusStep("consulting", date(2021, 1, 20), "区社協から移動販売の導入を相談"),
                 StatusStep("cooperating", date(2021, 4, 1), "最初の会場で販売開始。2年で19会場に")),
        offers=("mobile_sales", "watch"),
        offer="19会場を週1回ずつ巡回。地元のサポートVoと一緒に設営・品出し。気づいたことは2層Coへ。",
        area="栄区全域（19会場）",
        contacts=(ContactPerson("移動販売 責任者", "スーパーまるよし 栄店"),
                  ContactPerson("販売車 乗務担当", "スーパーまるよし 栄店", "会場での気づきはこの方から")),
        log=(
            Contact(Day(-58), co2(W, 1), "中野CP 2層Co", "移動販売 責任者",
                    "中野・桂台の会場で、停車時間が短く買い終わらない人がいる。", "停車を5分延ばす。", place=cp(W, 1)),
            Contact(Day(-31), co1(W), "1層Co・地区担当", "移動販売 責任者・乗務担当",
                    "情報交換会の報告。Voの気づき（姿を見かけない方、買いすぎの方）の伝わり方を相談。",
                    "乗務担当が気づいたことは、会場のVoか2層Coに伝える。連絡先カードを車にも置く。"),
        ),
    ),
    Partner(
        key="sakae-freshmart", ward=W, organisation="フレッシュマート本郷台（移動販売）",
        history=(StatusStep("not_contacted", Day(-70)),
                 StatusStep("consulting", Day(-48), "田谷の自治会から会場の希望があり、打診")),
        offers=("mobile_sales",), area="田谷・長尾台",
        log=(Contact(Day(-48), co2(W, 2), "田谷CP 2層Co", "店長", "田谷の会場について相談。", "巡回ルートに入るか、年明けに回答をもらう。",
                     place=cp(W, 2)),),
    ),
)

# --- 都筑区 ----------------------------------------------------------------------------------

W = "都筑区"
TSUZUKI = (
    Partner(
        key="tsuzuki-tsubame", ward=W, organisation="つばめ交通 都筑営業所",
        history=(StatusStep("consulting", Day(-200), "第2回の考える会の前に、営業所を訪ねて協力を打診"),
                 StatusStep("cooperating", Day(-150), "乗務員向けの研修の受け入れを決定")),
        offers=("transport", "training", "watch"),
        offer="乗務員向けミニ講座の受講（勤務に合わせて45分）、サービスBの送迎の試行",
        area="都筑区全域",
        contacts=(ContactPerson("営業所長", "つばめ交通 都筑営業所"),
                  ContactPerson("運行管理者", "つばめ交通 都筑営業所", "研修の日程は点呼の前後で")),
        log=(
            Contact(Day(-150), co1(W), "1層Co・東山田CP 2層Co", "営業所長",
                    "乗務員向けの研修について相談。", "点呼後の時間に45分のミニ講座を2回。"),
            Contact(Day(-24), co2(W, 3), "東山田CP 2層Co", "運行管理者",
                    "サービスB団体との顔合わせ。送迎のルートの考え方を説明してもらった。",
                    "見花山の利用者の送迎ルート案を一緒に確認する。", place=cp(W, 3)),
        ),
    ),
    Partner(
        key="tsuzuki-sakura", ward=W, organisation="さくら交通 都筑営業所",
        history=(StatusStep("consulting", Day(-176), "第2回の考える会に参加、送迎の仕組みに関心"),),
        offers=("transport",), area="都筑区北部",
        log=(Contact(Day(-22), co1(W), "1層Co", "配車担当", "顔合わせ欠席のため資料を届けたいと連絡。",
                     "次回の考える会には出席の予定。"),),
    ),
    Partner(
        key="tsuzuki-association", ward=W, organisation=TAXI_ASSOCIATION,
        history=(StatusStep("cooperating", Day(-176), "考える会に参加し、各社への声かけを担う"),),
        offers=("other",),
    ),
)

PARTNERS_BY_WARD = {"南区": MINAMI, "栄区": SAKAE, "都筑区": TSUZUKI}
ADDED = ADDED_MINAMI + ADDED_SAKAE
