"""旭区: the 2層Co in three teams, each running a network of groups (tsunagu.teams).

In the casebook thirteen 2層Co have run, since 平成30年度, three liaison groups — meal services
(食事サービス), salons (サロン) and small-help volunteers (ちょこっとVo) — with interviews of
groups, questionnaires and trainings. The demo's 旭区 has ten CPs, so the teams have four, three
and three members. Each team runs a network of the groups it serves; the networks' own meetings
are events that belong to the network.
"""

from __future__ import annotations

from tsunagu.demo.casebook.cast import co1, co2, council, district_council, listing, plaza
from tsunagu.demo.casebook.helpers import came, invited, missed
from tsunagu.demo.casebook.shapes import Agenda, Day, Event, FollowUp, Review, Session, Team

W = "旭区"
FOOD, SALON, CHOKOTTO = (1, 2, 8, 10), (3, 4, 5), (6, 7, 9)

TEAMS = (
    Team(key="asahi-team-food", ward=W, kind="team", name="食事サービス班",
         purpose="会食会・配食の団体の連絡会を企画・運営する。取材、衛生の研修、再開の支援。",
         lead=co2(W, 1), members=tuple(co2(W, n) for n in FOOD)),
    Team(key="asahi-team-salon", ward=W, kind="team", name="サロン班",
         purpose="サロンの連絡会を企画・運営する。担い手の交流会、サロンの取材と紹介。",
         lead=co2(W, 3), members=tuple(co2(W, n) for n in SALON)),
    Team(key="asahi-team-chokotto", ward=W, kind="team", name="ちょこっとVo班",
         purpose="ちょこっとボランティア（住民のちょっとした困りごとを手伝う団体）の連絡会を企画・運営する。",
         lead=co2(W, 7), members=tuple(co2(W, n) for n in CHOKOTTO)),
    Team(key="asahi-net-food", ward=W, kind="network", name="旭区食事サービス連絡会",
         purpose="会食会・配食の団体が、衛生や担い手の悩みと工夫を分かち合う。",
         lead=co2(W, 1), run_by="食事サービス班",
         organisations=(district_council("今川地区"), district_council("中尾地区"), district_council("白根地区"),
                        "今川 すずらんの会", "市沢 たすけあいの会"),
         listings=(listing(W, "配食サービス ほっこり"),)),
    Team(key="asahi-net-salon", ward=W, kind="network", name="旭区サロン連絡会",
         purpose="サロンの担い手同士がつながり、続ける工夫と新しい担い手の迎え方を学び合う。",
         lead=co2(W, 3), run_by="サロン班",
         listings=(listing(W, "ふれあいサロン すみれ"), listing(W, "ふれあいサロン 笑顔"),
                   listing(W, "おしゃべりサロン 結"), listing(W, "下川井自治会サロン のんびり"),
                   listing(W, "上白根自治会コミュニティカフェ"))),
    Team(key="asahi-net-chokotto", ward=W, kind="network", name="旭区ちょこっとボランティア連絡会",
         purpose="ゴミ出しや電球交換などを手伝う団体が、依頼の受け方や担い手の確保を話し合う。",
         lead=co2(W, 7), run_by="ちょこっとVo班",
         organisations=("若葉台お助け隊（サービスB）", "白根お助け隊（サービスB）", "笹野台お助け隊（サービスB）",
                        "中尾お助け隊（サービスB）", "NPO法人 旭たすけあいの会", "善部 ささえあいの会")),
)

EVENTS = (
    Event(
        key="asahi-food-training",
        ward=W, kind="研修",
        title="食事サービス連絡会 衛生研修と再開の工夫",
        place=None, team="旭区食事サービス連絡会",
        organisers=(council(W), plaza(W, 1), plaza(W, 10)),
        sessions=(Session(Day(-44), "10:00", "12:00"),),
        created_by=co2(W, 1),
        venue_text="今川地域ケアプラザ 調理室",
        audience="会食会・配食の団体",
        agenda=(
            Agenda("食中毒予防の基本（区役所 食品衛生の担当から）", presenter_name="区役所 食品衛生担当",
                   notes="持ち寄りの弁当で気をつけること（温度・時間）を確認。"),
            Agenda("再開した会食会の工夫", presenter=co2(W, 10),
                   notes="中尾地区：調理を減らして弁当を配り、配るときに一言ずつ話す。",
                   decisions=("工夫の例を班で1枚にまとめて各団体に配る",)),
        ),
        participants=(
            came(district_council("今川地区")), came(district_council("中尾地区")),
            missed(district_council("白根地区"), "地区の行事と重なり欠席", answered="no"),
            came("今川 すずらんの会"), came("市沢 たすけあいの会"), came(listing(W, "配食サービス ほっこり")),
            *(came(co2(W, n)) for n in FOOD),
        ),
        head_counts=(("会食会・配食の担い手", 27),),
        followups=(
            FollowUp("再開の工夫の例を1枚にまとめる", co2(W, 2), Day(-13), "doing", agenda=1),
            FollowUp("欠席した白根地区社協に資料を届ける", co2(W, 8), Day(-37), "done"),
        ),
        review=Review(worked="調理室で実際に手を洗う順番をやってみたのがわかりやすかった。",
                      voices="「弁当でも、顔を見て渡せば会食会」",
                      next_time="配食の団体向けに、配達時の見守りのポイントを取り上げる。"),
    ),
    Event(
        key="asahi-salon-exchange",
        ward=W, kind="交流会",
        title="サロン担い手交流会",
        place=None, team="旭区サロン連絡会",
        organisers=(council(W), plaza(W, 3), plaza(W, 4), plaza(W, 5)),
        sessions=(Session(Day(-39), "13:30", "15:30"),),
        created_by=co2(W, 3),
        venue_text="善部地域ケアプラザ 多目的ホール",
        agenda=(
            Agenda("取材したサロンの紹介（スライド）", presenter=co2(W, 4)),
            Agenda("グループ：担い手の役割を小分けにする", presenter=co2(W, 3),
                   notes="鍵当番・会計・お茶出しを書き出し、「1回だけのお手伝い」で頼めることを整理。",
                   decisions=("「1回だけのお手伝い」募集チラシのひな形を班でつくる",)),
        ),
        participants=(*(came(listing(W, n)) for n in ("ふれあいサロン すみれ", "ふれあいサロン 笑顔",
                                                     "おしゃべりサロン 結", "下川井自治会サロン のんびり")),
                      *(came(co2(W, n)) for n in SALON), came(co1(W))),
        head_counts=(("サロンの担い手", 23),),
        followups=(
            FollowUp("お手伝い募集チラシのひな形をつくる", co2(W, 5), Day(2), "todo", agenda=1),
        ),
        review=Review(worked="取材のスライドで、ほかのサロンの様子が具体的に伝わった。",
                      voices="「ほかのサロンも同じ悩みだとわかってほっとした」",
                      next_time="準備中の上白根のコミュニティカフェにも声をかける。"),
    ),
    Event(
        key="asahi-chokotto-exchange",
        ward=W, kind="交流会",
        title="ちょこっとボランティア交流会「依頼の受け方」",
        place=None, team="旭区ちょこっとボランティア連絡会",
        organisers=(council(W), plaza(W, 6), plaza(W, 7), plaza(W, 9)),
        sessions=(Session(Day(20), "13:30", "15:00"),),
        created_by=co2(W, 7),
        venue_text="川井宿地域ケアプラザ",
        agenda=(
            Agenda("アンケート結果：依頼の減少と担い手", presenter=co2(W, 7),
                   prepared="6団体の回答を集計済み。"),
            Agenda("依頼の受け方・断り方（グループ）", presenter=co2(W, 9)),
        ),
        participants=(
            invited("若葉台お助け隊（サービスB）", "yes"), invited("白根お助け隊（サービスB）", "yes"),
            invited("笹野台お助け隊（サービスB）", ""), invited("中尾お助け隊（サービスB）", "yes"),
            invited("NPO法人 旭たすけあいの会", "no"), invited("善部 ささえあいの会", ""),
            *(invited(co2(W, n), "yes") for n in CHOKOTTO),
        ),
    ),
)
