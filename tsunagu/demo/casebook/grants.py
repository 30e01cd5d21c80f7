"""港北区: how two ibasho in empty houses were kept alive through COVID (directory: status history
and grants).

In 令和元年度 two districts (高田, 師岡) asked 港北区社協 for a place where residents could drop in;
both opened in empty houses and had to close almost at once. With no income and rent and bills
to pay, the council helped with grant applications, an online-equipment model project (令和2年度:
equipment, lessons, cognicise linking the ibasho online) and a COVID continuity fund drawn from a
bequest (令和3–4年度). Online, they found new uses: smartphone classes, online tours, satellite
venues for the ward's courses, a young remote worker recruited as the district council's
treasurer.

The status history is what happened (fixed dates, 2019–2021) and ends where the demo's listings
stand (listings.py: 「ゆずの樹」 resumed in October 2021). wt/grants' listings.kohoku_history() writes
the same steps and past grants (dates, names and amounts agree with it); the loader adds only what
a listing lacks, so this year's grants with their relative deadlines come on top. The grants of past years are reported;
this year's have their report and next year's application deadlines relative to the reference
date, so they show on the owner's to-do list (one due this week, one soon, one overdue).
"""

from __future__ import annotations

from datetime import date

from tsunagu.demo.casebook.cast import chiku, co1, co2, listing
from tsunagu.demo.casebook.shapes import Day, Grant, ListingHistory, ListingStatus

W = "港北区"
COUNCIL = "港北区社会福祉協議会"
FY8 = (date(2026, 4, 1), date(2027, 3, 31))  # 令和8年度

YUZU = ListingHistory(
    listing=listing(W, "みんなの居場所 ゆずの樹"),
    statuses=(
        ListingStatus("active", date(2019, 11, 1), "空き家を活用した常設の居場所として開所"),
        ListingStatus("paused", date(2020, 4, 7), "緊急事態宣言で開所直後から休止。家賃と光熱費は払い続けた"),
        ListingStatus("active", date(2020, 11, 1), "オンラインで再開（コグニサイズ・居場所同士の情報交換会）"),
        ListingStatus("paused", date(2021, 1, 8), "2回目の緊急事態宣言で休止。オンラインの集まりだけ続けた"),
        ListingStatus("active", date(2021, 10, 1), "対面でも再開。オンライン講座のサテライト会場にも"),
    ),
    grants=(
        Grant("オンライン導入サポートモデル事業", COUNCIL, 50_000, (date(2020, 10, 1), date(2021, 3, 31)),
              None, date(2021, 4, 30), "reported", co1(W), "タブレット・Wi-Fiルーターの購入と使い方のレクチャー"),
        Grant("港北区みんなの助成金 コロナ特例 居場所継続支援金（令和3年度）", COUNCIL, 200_000,
              (date(2021, 4, 1), date(2022, 3, 31)), date(2021, 5, 31), date(2022, 4, 30), "reported", co1(W),
              "家賃・光熱費。区民の方の遺贈寄付を活用した支援金"),
        Grant("港北区みんなの助成金 コロナ特例 居場所継続支援金（令和4年度）", COUNCIL, 200_000,
              (date(2022, 4, 1), date(2023, 3, 31)), date(2022, 5, 31), date(2023, 4, 30), "reported", co1(W)),
        Grant("港北区みんなの助成金（居場所づくり）", COUNCIL, 100_000, FY8, date(2026, 5, 29), Day(4), "granted",
              co2(W, 5), "中間報告（上半期の活動と会計）。運営委員会の会計担当と一緒に作成。"),
        Grant("地域の居場所づくり助成（民間財団）", "民間の助成財団", 300_000, None, Day(19), None, "planned", chiku(W),
              "来年度の縁側の改修とスロープ。見積もりを取って申請書を書く。"),
    ),
)

FURATTO = ListingHistory(
    listing=listing(W, "みんなの居場所 ふらっと"),
    statuses=(
        ListingStatus("active", date(2019, 12, 1), "空き家を活用した居場所として開所"),
        ListingStatus("paused", date(2020, 4, 7), "緊急事態宣言で休止。担い手がひとりで来る高齢の方のために門を開け続けた"),
        ListingStatus("active", date(2020, 7, 1), "人数を絞って再開。スマホ教室やオンラインツアーも始めた（Wi-Fiが使える居場所に）"),
    ),
    grants=(
        Grant("オンライン導入サポートモデル事業", COUNCIL, 50_000, (date(2020, 10, 1), date(2021, 3, 31)),
              None, date(2021, 4, 30), "reported", co1(W), "タブレット・Wi-Fiルーターの購入と使い方のレクチャー"),
        Grant("港北区みんなの助成金 コロナ特例 居場所継続支援金（令和3年度）", COUNCIL, 200_000,
              (date(2021, 4, 1), date(2022, 3, 31)), date(2021, 5, 31), date(2022, 4, 30), "reported", co1(W)),
        Grant("港北区みんなの助成金（居場所づくり）", COUNCIL, 80_000, FY8, date(2026, 5, 29), Day(-3), "granted",
              co2(W, 12), "中間報告の締切を過ぎている。会計担当（地区社協からのスカウト）に確認中。"),
        Grant("港北区みんなの助成金（居場所づくり）令和9年度", COUNCIL, 80_000, None, Day(45), None, "planned", co2(W, 12)),
    ),
)

LISTINGS = (YUZU, FURATTO)
