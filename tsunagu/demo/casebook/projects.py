"""磯子区: bringing mobile sales to 久良岐丘自治会, a hilltop neighbourhood association (tsunagu.projects).

The casebook's year-long project: the 屛風ヶ浦 CP's 2層Co, the ward office (包括ケア係長) and the
ward council (district officer, 1層Co) form a project team, set small milestones — a residents'
survey, a visit to another association's sales site, a briefing for residents in July, a pilot in
August, the launch on 15 September — and, after the launch, write a weekly shared sheet of what
they saw (sales, people they worry about) that the 自治会, the CP, the council and the
supermarket comment on.

The demo keeps the casebook's history as fixed dates (the four sites in listings.py open on
15 September 2022, 令和4年度): the milestones up to the launch and the first month's weekly
entries. The project goes on — the sheet is still written, now every week or two, and a review
with the 自治会 is coming — so the latest entries and the next milestone are relative to the
reference date. The two 気になる人 entries name no one: a regular who has not been seen, a person
who buys much more than one needs; they are marked sensitive (members with the grant only, never
in exports or the liaison pack).
"""

from __future__ import annotations

from datetime import date

from tsunagu.demo.casebook.cast import (
    chiku,
    co1,
    co2,
    council,
    cp,
    cp_staff,
    listing,
    office,
    plaza,
    supermarket,
    ward_office,
)
from tsunagu.demo.casebook.shapes import (
    Account,
    Comment,
    Day,
    LogEntry,
    Member,
    Milestone,
    NewAccount,
    Project,
)

W = "磯子区"
CO2, CO1, OFFICE, CHIKU, STAFF = co2(W, 1), co1(W), office(W), chiku(W), cp_staff(W, 1)
ASSOCIATION = "久良岐丘自治会"
MARKET = supermarket(W)
# The 自治会's officer and the supermarket's staff write in the log with accounts of their own that
# have no staff role: they reach this project as its members, and nothing else (projects/access.py).
CHAIR = Account("kuraki-chair", "none", W)
MARKET_STAFF = Account("maruyoshi-isogo", "none", W)
ADDED_ACCOUNTS = (NewAccount(CHAIR, "久良岐丘自治会 役員", ASSOCIATION),
                  NewAccount(MARKET_STAFF, "まるよし 移動販売担当", MARKET))
SITES = tuple(listing(W, f"移動販売 久良岐丘{s}会場") for s in ("自治会館前", "第一公園", "第二集会所前", "見晴らし広場"))

PROJECT = Project(
    key="isogo-kurakigaoka-mobile-sales",
    ward=W,
    title="久良岐丘自治会 移動販売の導入と継続",
    purpose=(
        "高台にあり近くにスーパーがない久良岐丘自治会で、住民と一緒に移動販売を導入し、買物の場を交流と見守りの場に"
        "育てる。あせらず、ゆっくり、会長の想い・住民の気持ち・企業の熱意を置き去りにしない。"
    ),
    place=ASSOCIATION,
    cp=cp(W, 1),
    stage="振り返り",
    organisations=(plaza(W, 1), council(W), ward_office(W), ASSOCIATION, MARKET),
    members=(
        Member(CO2, "lead", plaza(W, 1), "自治会長との窓口", sensitive_grant=True),
        Member(CO1, "member", council(W), "1層Co・プロジェクトの進行", sensitive_grant=True),
        Member(CHIKU, "member", council(W), "地区担当", sensitive_grant=True),
        Member(OFFICE, "member", ward_office(W), "包括ケア係長"),
        Member(STAFF, "member", plaza(W, 1), "地域交流Co・会場の見学当番", sensitive_grant=True),
        Member(CHAIR, "partner", ASSOCIATION, "自治会の窓口・会場の声かけ"),
        Member(MARKET_STAFF, "partner", MARKET, "移動販売車の乗務・品ぞろえ"),
    ),
    milestones=(
        Milestone("プロジェクトチーム結成・スケジュールの確認", date(2021, 11, 10), date(2021, 11, 10), "done", CO1,
                  "移動販売のスタートを令和4年秋と想定し、そこまでの道標を細かく設定。"),
        Milestone("住民アンケート（買物の困りごと）", date(2022, 1, 31), date(2022, 2, 18), "done", CO2,
                  "回収に時間がかかり3週間延長。タクシーで買物、家族に届けてもらう人が多い。"),
        Milestone("他自治会の販売会場の見学", date(2022, 3, 15), date(2022, 4, 12), "done", CO2,
                  "会長と見学。3か所で開く自治会の話を聞き、会長が複数会場の必要に気づく。"),
        Milestone("会場の選定と地権者・企業との調整（4会場）", date(2022, 5, 31), date(2022, 6, 20), "done", CO2,
                  "会長が自ら交渉し、4会場に。"),
        Milestone("住民説明会", date(2022, 7, 16), date(2022, 7, 16), "done", CO1,
                  "会長が地域の主要なメンバーに声をかけて参加してもらった。"),
        Milestone("プレ実施", date(2022, 8, 18), date(2022, 8, 25), "done", CO2, "台風で1週延期。"),
        Milestone("出発式・販売開始", date(2022, 9, 15), date(2022, 9, 15), "done", CO1,
                  "自治会・CP・区役所・区社協が集まり、会長の声かけで開始。"),
        Milestone("導入後1か月の毎週見学とふりかえり", date(2022, 10, 20), date(2022, 10, 20), "done", STAFF),
        Milestone("自治会と今年度の振り返り（移動販売だけでは対応できないニーズ）", Day(23), None, "planned", CO2),
        Milestone("見守りの気づきの伝え方を自治会・スーパーと決める", Day(-5), None, "postponed", CO1,
                  "自治会の役員会の日程が合わず、振り返りの場で一緒に決めることにした。"),
    ),
    log=(
        LogEntry(date(2022, 9, 15), CO2, "", plaza(W, 1),
                 "出発式。4会場とも開始時刻前から人が集まった。自治会館前は30人ほど。会長の挨拶に拍手。", comments=(
                     Comment(CHAIR, "", ASSOCIATION, "皆さんのおかげです。来週からもよろしくお願いします。"),
                     Comment(MARKET_STAFF, "", MARKET, "初日は生鮮がほぼ完売。次回は牛乳とパンを多めに積みます。"),
                 )),
        LogEntry(date(2022, 9, 22), STAFF, "", plaza(W, 1),
                 "2回目。見晴らし広場は坂の上の方が多く、ベンチが足りない。買物後のおしゃべりが長い。", comments=(
                     Comment(CHAIR, "", ASSOCIATION, "ベンチは自治会の倉庫にあるものを出します。"),
                 )),
        LogEntry(date(2022, 9, 29), CHIKU, "", council(W),
                 "3回目。自治会の役員が荷物を家まで運ぶ手伝いをしていた。第二集会所前は雨で少なめ。", comments=(
                     Comment(CO2, "", plaza(W, 1), "荷物運びの手伝い、役員さんの負担にならないよう様子を見ていきましょう。"),
                 )),
        LogEntry(date(2022, 10, 6), CO1, "", council(W),
                 "4回目。売上は初回の7割ほどで落ち着いた。常連同士で「来週も来てね」と声をかけ合っている。",
                 comments=(
                     Comment(MARKET_STAFF, "", MARKET, "この地域は売上が安定しています。冬場の品ぞろえも相談させてください。"),
                 )),
        LogEntry(Day(-34), STAFF, "", plaza(W, 1),
                 "自治会館前。22人。秋祭りのチラシを会場で配った。子ども連れの方が初めて来ていた。", comments=(
                     Comment(CHAIR, "", ASSOCIATION, "子育て世代にも知ってもらえるよう、回覧板でも案内します。"),
                 )),
        LogEntry(Day(-27), CHIKU, "", council(W),
                 "第一公園。15人。ベンチでのおしゃべりが30分以上続く方も。寒くなってきたので場所の相談が必要。"),
        LogEntry(Day(-20), CO2, "", plaza(W, 1),
                 "第二集会所前の常連の方を、2週続けて見かけない。", sensitive=True, comments=(
                     Comment(CHIKU, "", council(W), "自治会の同じ班の役員に、それとなく様子を聞いてもらうよう頼みました。"),
                     Comment(CO1, "", council(W), "必要なら包括にもつなぎます。分かったことはこの欄にお願いします。"),
                     Comment(CO2, "", plaza(W, 1), "自治会の役員から連絡あり。ご家族の家に泊まっていたとのこと。来週から来られます。"),
                 )),
        LogEntry(Day(-13), MARKET_STAFF, "", MARKET,
                 "見晴らし広場。坂の途中で休む方が増えたので、停車位置を10m下げられないか自治会に相談したい。", comments=(
                     Comment(CHAIR, "", ASSOCIATION, "次の役員会で話します。"),
                     Comment(CO2, "", plaza(W, 1), "振り返りの会の議題にも入れておきます。"),
                 )),
        LogEntry(Day(-12), STAFF, "", plaza(W, 1),
                 "自治会館前。一人暮らしと聞いている方が、毎週同じ品をたくさん買っている。使い切れているか少し心配。",
                 sensitive=True, comments=(
                     Comment(CHIKU, "", council(W), "民生委員さんと、次の訪問のときに気にかけてもらえるよう相談します。"),
                 )),
        LogEntry(Day(-6), CHAIR, "", ASSOCIATION,
                 "寒くなってきたので、自治会館前は館内の玄関を待合に開けることにした。来週から。", comments=(
                     Comment(OFFICE, "", ward_office(W), "ありがとうございます。暖房の費用のことがあれば相談してください。"),
                 )),
    ),
    listings=SITES,
    created_by=CO1,
)

PROJECTS = (PROJECT,)
