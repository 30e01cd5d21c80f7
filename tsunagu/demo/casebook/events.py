"""The casebook's meetings, trainings and workshops as 催し (tsunagu.events), one ward at a time.

What each ward did in 令和4年度 (../shared/seed/, domain.md) is told again in the demo's year,
令和8年度, with the demo's own CPs, groups and accounts: 鶴見区's exchange meeting of volunteer
groups linking five CPs online after a questionnaire to each group; 金沢区's exchange meeting of
11 life-support groups; 港南区's dementia workshop with a card set and its pre-practice; 保土ケ谷区's
watch-over workshop for every district council (見守りマトリクス); 緑区's joint training with care
managers and the online salons of three CPs; 都筑区's 高齢者等の移動支援を考える会 with taxi companies,
the meeting of taxi companies and サービスB groups, and a training for drivers; 南区's exchange with
seven taxi companies and the briefing for activity leaders; 栄区's exchange of the mobile-sales
volunteers. The monthly liaison meetings (泉区, 緑区, 旭区, 西区) are in liaison.py, 旭区's network
meetings in teams.py.

People are demo accounts or organisations, never invented residents; a lecturer or an outside
guest is named by role (「講師（カード制作元）」).
"""

from __future__ import annotations

from tsunagu.demo.casebook.cast import (
    CITY_COUNCIL,
    TAXI_ASSOCIATION,
    care_centre,
    chiku,
    cm,
    co1,
    co2,
    council,
    cp,
    district_council,
    houkatsu,
    listing,
    office,
    plaza,
    supermarket,
    ward_office,
)
from tsunagu.demo.casebook.helpers import came, invited, missed
from tsunagu.demo.casebook.shapes import Agenda, Day, Event, FollowUp, Review, Session

# --- 鶴見区: exchange meetings of volunteer groups, five CPs linked online ----------------------

W = "鶴見区"
TSURUMI_VENUES = (1, 3, 4, 5, 8)  # the five CPs where groups gathered, linked by Zoom
TSURUMI = (
    Event(
        key="tsurumi-vo-exchange",
        ward=W, kind="交流会",
        title="生活支援ボランティア団体交流会（5会場をオンラインでつないで）",
        place=None,
        organisers=(council(W), ward_office(W), *(plaza(W, n) for n in TSURUMI_VENUES)),
        sessions=(Session(Day(-38), "13:30", "15:30"),),
        created_by=co1(W),
        venue_text="豊岡・駒岡・安善・矢向・東寺尾の各地域ケアプラザ（Zoomで5会場を接続）",
        online_url="https://example.org/meet/tsurumi-vo-exchange",
        audience="区内の生活支援ボランティア団体",
        description=(
            "コロナ禍で依頼件数の減少や活動者の退会に悩む生活支援Vo団体が、工夫していることを区域で共有する交流会。"
            "生活支援Co連絡会の「連携班」（2層Co）が企画し、事前に各団体へアンケートを行い、2層Coが個別に聞き取った"
            "「交流会で聞きたいこと」をテーマにした。団体の方は身近なCPに集まり、5会場をZoomでつないだ。"
        ),
        agenda=(
            Agenda("事前アンケートの結果から（活動の概要・困りごと・聞きたいこと）", presenter=co2(W, 1),
                   prepared="5団体のアンケートを一覧にし、共通する困りごと3点（依頼の減少・担い手の退会・広報）を整理。",
                   notes="5団体とも「依頼が減った」。理由は外出控えと、頼んでいいのか迷う利用者がいること。担い手は"
                         "70代が中心で、コロナ禍に3団体で退会者が出た。",
                   decisions=("アンケートの一覧表を当日の資料として全団体に配る",)),
            Agenda("各会場から団体紹介（1団体5分）", presenter=co2(W, 3),
                   notes="男性中心の団体、女性が多い団体、送迎もする団体など、活動の幅が広いことに驚く声。",
                   decisions=()),
            Agenda("テーマ別の情報交換：広報の工夫・支援対象の違い", presenter=co2(W, 8),
                   prepared="聞き取りで多かった「広報の工夫」「支援の対象をどこまでにするか」を2テーマに。",
                   notes="回覧板と民生委員経由のチラシが一番届く。支援対象は「要支援の方まで」「年齢で区切らない」など"
                         "団体で違い、断り方の工夫も共有された。",
                   decisions=("チラシの実物を持ち寄り、次回までにCPで閲覧できるようにする",
                              "来年度は居場所・つどいの場の団体の交流会を「交流班」が企画する")),
        ),
        participants=(
            came("豊岡 ふれあいの会", "豊岡会場"),
            came("駒岡 たすけあいの会", "駒岡会場"),
            came("安善 ふれあいの会", "安善会場"),
            came("矢向 たすけあいの会", "矢向会場"),
            came("東寺尾 ひだまりの会", "東寺尾会場"),
            missed("上の宮お助け隊（サービスB）", "当日体調不良で欠席、資料を後日お届け"),
            *(came(co2(W, n), "会場の進行") for n in TSURUMI_VENUES),
            came(co1(W), "全体の司会（区社協会場）"),
            came(office(W)),
        ),
        head_counts=(("ボランティア", 26), ("2層Co・区社協・区役所", 8)),
        followups=(
            FollowUp("アンケート一覧と当日の記録を参加5団体に送る", co2(W, 1), Day(-30), "done", agenda=0,
                     done_note="郵送とメールで送付済み。欠席団体には直接届けた。"),
            FollowUp("各団体のチラシを集めてCPの閲覧コーナーに置く", co2(W, 3), Day(-9), "doing", agenda=2),
            FollowUp("居場所・つどいの場団体交流会の企画案を交流班でまとめる", co2(W, 8), Day(3), "todo", agenda=2),
            FollowUp("居場所の交流会で発表する3団体に打診する", co2(W, 4), Day(-14), "done", agenda=2,
                     done_note="花みずき・尻手・縁側の3団体が引き受けてくれた。"),
            FollowUp("欠席した上の宮お助け隊に当日の様子を伝える", co2(W, 6), Day(-31), "done",
                     done_note="定例会に伺って説明。次回は参加したいとのこと。"),
        ),
        review=Review(
            worked="事前アンケートと個別の聞き取りで、各団体が本当に聞きたいことをテーマにできた。身近なCPに集まったので"
                   "移動の負担が少なく、Zoomが初めての方も会場の2層Coが手伝えた。",
            voices="「区内にこんなに多くの団体があるとは知らなかった」「男性ばかりのグループだが、女性も多く活躍していると"
                   "わかった」「年齢関係なく、やる気があれば輝ける」",
            next_time="音声が聞き取りにくい会場があったので、マイクを1台ずつ用意する。終了後に会場ごとの感想を5分とる。",
        ),
    ),
    Event(
        key="tsurumi-ibasho-exchange",
        ward=W, kind="交流会",
        title="居場所づくり活動・つどいの場団体交流会",
        place=None,
        organisers=(council(W), ward_office(W), plaza(W, 4), plaza(W, 8), plaza(W, 9)),
        sessions=(Session(Day(66), "10:00", "12:00"),),
        created_by=co2(W, 8),
        venue_text="安善・東寺尾・上末吉の各地域ケアプラザ（Zoomで接続）",
        online_url="https://example.org/meet/tsurumi-ibasho",
        audience="居場所・たまり場の活動をしている団体、これから始めたい団体",
        description=(
            "生活支援Co連絡会の「交流班」の企画。コロナ禍でつながりが薄れた今、住民同士の出会いの場としての居場所の"
            "役割を確かめ合い、これから始めたい団体にもヒントを届ける。"
        ),
        agenda=(
            Agenda("趣旨説明と会場紹介", presenter=co2(W, 8), prepared="3会場の参加団体一覧（申込順）"),
            Agenda("居場所の活動紹介（3団体）", presenter=co2(W, 4),
                   prepared="地域の茶の間 花みずき・尻手自治会地域の茶の間・おしゃべりサロン 縁側に発表を依頼済み"),
            Agenda("グループで情報交換：「続ける工夫」「はじめの一歩」", presenter=co2(W, 9)),
        ),
        participants=(
            invited(listing(W, "地域の茶の間 花みずき"), "yes", "発表"),
            invited(listing(W, "尻手自治会地域の茶の間"), "yes", "発表"),
            invited(listing(W, "おしゃべりサロン 縁側"), "yes", "発表"),
            invited(listing(W, "生麦地区ふれあいサロン"), ""),
            invited(listing(W, "駒岡一丁目地区いきいきサロン"), "no", "同日に地区行事"),
            invited(listing(W, "上末吉地区ふれあい会食会"), ""),
            invited(co2(W, 4), "yes"), invited(co2(W, 8), "yes"), invited(co2(W, 9), "yes"),
            invited(co1(W), "yes"),
        ),
    ),
)

# --- 金沢区: exchange meeting of 11 life-support volunteer groups ------------------------------

W = "金沢区"
KANAZAWA_GROUPS = (
    "釜利谷東 ふれあいの会", "釜利谷東お助け隊（サービスB）", "鳥浜 いきいきの会", "六浦 すずらんの会",
    "六浦お助け隊（サービスB）", "福浦 ささえあいの会", "富岡西お助け隊（サービスB）", "野島お助け隊（サービスB）",
    "高舟台 すずらんの会",
)
KANAZAWA_LISTED = ("ちょこっとお助け隊 わいわい", "釜利谷送迎ボランティア")
KANAZAWA = (
    Event(
        key="kanazawa-planning",
        ward=W, kind="その他",
        title="ボランティア団体交流会 企画班打合せ",
        place=None,
        organisers=(council(W), plaza(W, 1), plaza(W, 5)),
        sessions=(Session(Day(-61), "14:00", "15:30"), Session(Day(-40), "14:00", "15:00", "第2回")),
        created_by=co1(W),
        venue_text="金沢区社会福祉協議会 会議室",
        audience="企画班（生活支援Co連絡会・地域交流Co連絡会・区社協）",
        description="生活支援Co連絡会と地域交流Co連絡会、区社協で企画班をつくり、団体同士の悩みの解決につながる場を検討。",
        agenda=(
            Agenda("団体から聞いている悩みの整理", presenter=co2(W, 1),
                   notes="コーディネートの調整、Vo経験の少ない人への頼み方、依頼の減少が多い。",
                   decisions=("交流会は短時間（90分）にし、顔合わせと「モヤモヤを語る」を中心にする",)),
            Agenda("当日の進行とグループ分け", presenter=co2(W, 5),
                   decisions=("グループはCPエリアをまたいで4〜5団体ずつ", "2層Coと地域交流Coが各グループに1人入る")),
        ),
        participants=(came(co1(W)), came(co2(W, 1)), came(co2(W, 5)), came(co2(W, 3)), came(office(W))),
        followups=(
            FollowUp("11団体に案内状を送る（返信はFAXかお電話で）", co1(W), Day(-36), "done", agenda=1,
                     done_note="全団体に郵送、うち3団体には2層Coが定例会で手渡し。"),
        ),
    ),
    Event(
        key="kanazawa-vo-exchange",
        ward=W, kind="交流会",
        title="生活支援ボランティア団体交流会",
        place=None,
        organisers=(council(W), ward_office(W), plaza(W, 1), plaza(W, 5)),
        sessions=(Session(Day(-26), "13:30", "15:00"),),
        created_by=co1(W),
        venue_text="金沢区社会福祉協議会 多目的室",
        audience="区内で住民のちょっとした困りごとに対応している生活支援ボランティア団体",
        description=(
            "同じ立場で団体を運営している人同士が、顔の見える関係をつくり活動のヒントを得る場。コロナ禍で集まる場が"
            "少ない中、時間を縮めて顔合わせを中心に開いた。"
        ),
        agenda=(
            Agenda("各団体の活動紹介（1団体3分）", presenter=co2(W, 1),
                   notes="11団体が参加。ゴミ出し・電球交換・通院の付き添い・送迎など、活動の幅を確かめ合った。"),
            Agenda("グループで「いまの悩み」を語る", presenter=co2(W, 5),
                   notes="コーディネーターの負担、Vo経験の少ない人への依頼の難しさ、依頼をどこまで受けるかの線引き。"
                         "話は尽きず、終了後に連絡先を交換する団体もあった。",
                   decisions=("悩みごとに「使える情報」をまとめた一覧を区社協でつくる",
                              "半年後にもう一度、今度は時間を長くとって開く")),
        ),
        participants=(
            *(came(g) for g in KANAZAWA_GROUPS),
            *(came(listing(W, name)) for name in KANAZAWA_LISTED),
            came(co1(W), "司会"), came(co2(W, 1)), came(co2(W, 5)), came(co2(W, 3)), came(co2(W, 7)),
            came(office(W)),
        ),
        head_counts=(("ボランティア", 31), ("地域交流Co", 4), ("2層Co・区社協・区役所", 6)),
        followups=(
            FollowUp("悩みごとの「使える情報」一覧（保険・依頼の受け方・広報）をつくる", co1(W), Day(-4), "doing",
                     agenda=1),
            FollowUp("交流会の感想を団体ごとにまとめて連絡会で共有", co2(W, 5), Day(-12), "done", agenda=1,
                     done_note="11月の連絡会で共有。"),
            FollowUp("連絡先交換を希望した4団体の名簿を整える（本人同意を確認のうえ）", co2(W, 1), Day(2), "todo"),
            FollowUp("次回交流会の日程案を企画班に出す", co2(W, 3), Day(20), "todo"),
        ),
        review=Review(
            worked="短時間でも、同じ立場の人同士が悩みを打ち明ける時間を真ん中に置いたことで話が弾んだ。",
            voices="「自分たちの活動の立ち位置が確認できた」「同じように頑張って活動している仲間がいることを知り、"
                   "続けていく上でのモチベーションになった」",
            next_time="時間を長くとり、各専門職の強みを生かした小さな相談コーナーを設ける。",
        ),
    ),
)

# --- 港南区: dementia workshop with a card set ------------------------------------------------

W = "港南区"
KONAN = (
    Event(
        key="konan-card-workshop",
        ward=W, kind="ワークショップ",
        title="「旅のことばカード」を使った研修会（認知症とともに生きる地域づくり）",
        place=None,
        organisers=(council(W), ward_office(W)),
        sessions=(Session(Day(-19), "13:30", "16:00"),),
        created_by=co1(W),
        venue_text="港南区役所 会議室",
        audience="2層Co・地域交流Co・包括（生活支援Co連絡会の研修として）",
        description=(
            "生活支援Co連絡会の研修班の企画。認知症と診断された後も生き生きと暮らす人の知恵を「本人」「家族」「みんな」"
            "向けの言葉にした40枚のカードで、認知症の本人や家族の思いに寄り添い、一人ひとりが何をできるか考える。"
            "認知症サポーター養成講座の受講者のフォローや、個別ケースを地域支援につなげるイメージづくりが狙い。"
        ),
        agenda=(
            Agenda("カードの成り立ちと使い方", presenter_name="講師（カード制作元）",
                   notes="使い方にルールはなく、アイスブレイクにも仲間づくりにも使える。"),
            Agenda("ワーク1：大切だと思う1枚を選んで自己紹介", presenter_name="講師（カード制作元）",
                   notes="選んだ理由を話すと、互いの思いが自然に伝わった。「家族」向けのカードを選ぶ人が多かった。"),
            Agenda("ワーク2：対象を決めて、カードで何ができるか考える", presenter=co2(W, 2),
                   notes="グループごとに本人・家族・地域住民・子どもを対象に設定。オレンジカフェでの使い方、"
                         "サポーター養成講座のふりかえり、民生委員の研修での使い方が出た。",
                   decisions=("2層Coがまず地域交流Coなど身近な関係者にプレ実践をする",
                              "プレ実践の結果を3月の連絡会で持ち寄る")),
        ),
        participants=(
            *(came(co2(W, n)) for n in (1, 2, 3, 4, 5, 6, 8)),
            missed(co2(W, 7), "当日、個別支援の対応で欠席", answered="yes"),
            came(co1(W), "研修班"), came(office(W)), came(chiku(W)),
            came(houkatsu(W, 6), "笹下オレンジカフェの担当"),
        ),
        head_counts=(("2層Co", 7), ("地域交流Co", 6), ("包括", 4), ("区社協・区役所", 4)),
        followups=(
            FollowUp("カード3セットを区社協で購入し、CPに貸し出せるようにする", co1(W), Day(-5), "done", agenda=0,
                     done_note="貸出簿をつくり、区社協の窓口に置いた。"),
            FollowUp("地域交流Coへのプレ実践を企画する（日野CP）", co2(W, 1), Day(6), "doing", agenda=2),
            FollowUp("欠席した日限山CPの2層Coに資料とワークの記録を届ける", co2(W, 2), Day(-12), "todo"),
            FollowUp("笹下オレンジカフェでの使い方を包括と相談", co2(W, 6), Day(14), "todo", agenda=2),
        ),
        review=Review(
            worked="カードを介すると、立場の違う人が同じ視点で話せた。",
            voices="「ルールがないから、使う場面に合わせて工夫できる」「まず自分たちが使い慣れる必要がある」",
            next_time="プレ実践で場面ごとの使い方を集め、小さな手引きにする。",
        ),
    ),
    Event(
        key="konan-card-prepractice",
        ward=W, kind="研修",
        title="旅のことばカード プレ実践（地域交流Coと）",
        place=cp(W, 1),
        organisers=(plaza(W, 1), council(W)),
        sessions=(Session(Day(24), "10:00", "11:30"),),
        created_by=co2(W, 1),
        venue_text="日野地域ケアプラザ 多目的ホール",
        audience="日野・港南台・日野南の地域交流Co、包括",
        agenda=(
            Agenda("カードで自己紹介", presenter=co2(W, 1)),
            Agenda("オレンジカフェで使うなら？", presenter=co2(W, 2)),
        ),
        participants=(
            invited(plaza(W, 2), "yes", "地域交流Co"), invited(plaza(W, 3), ""), invited(houkatsu(W, 1), "yes"),
            invited(co1(W), "yes"),
        ),
    ),
)

# --- 保土ケ谷区: watch-over workshop for every district council ---------------------------------

W = "保土ケ谷区"
HODOGAYA_DISTRICTS = (
    "花見台地区", "藤塚地区", "新井地区", "新桜ケ丘地区", "境木地区", "峰沢地区", "川島地区", "権太坂地区", "境木本地区",
    "帷子地区", "瀬戸ケ谷地区", "宮田地区", "岩間地区", "釜台地区", "東川島地区",
)
HODOGAYA = (
    Event(
        key="hodogaya-mimamori-training",
        ward=W, kind="研修",
        title="見守りの仕組みづくり研修会（地区社協対象）",
        place=None,
        organisers=(council(W), ward_office(W), CITY_COUNCIL),
        sessions=(Session(Day(-128), "13:30", "16:30"),),
        created_by=co1(W),
        venue_text="保土ケ谷公会堂 会議室",
        audience="全地区社協の役員と地域支援チーム（区役所・区社協・CP）",
        description=(
            "地福計画の地区別計画で、すべての地区が「見守り」を目標に掲げた。市社協の「地域福祉つなぎ隊研修」の"
            "ワークショップを地区社協と地域支援チームが一緒に受け、自分の地域の見守りを「見守りマトリクス」（5つの項目）"
            "で見える化する。コロナ禍で2度延期した研修。"
        ),
        agenda=(
            Agenda("講義：地域での見守りの大切さ", presenter_name="講師（市社協 地域福祉つなぎ隊研修）",
                   notes="見守りは形が見えにくい。「気にかけ合う」ことから仕組みまで、段階があることを確認。"),
            Agenda("ワーク：見守りマトリクスをつくる", presenter=co1(W),
                   prepared="地区ごとに担当の地域支援チーム職員が同じグループに入るよう席を決めた。",
                   notes="付箋と模造紙で、地区の見守り活動を5つの項目に分けて並べた。ふれあい訪問やサロンの声かけが多く、"
                         "「ゆるやかな見守り」（商店・移動販売での気づき）が空欄の地区が多かった。",
                   decisions=("各地区のマトリクスを写真に撮り、地区担当が清書して地区に返す",)),
            Agenda("他地区との意見交換と発表", presenter=co1(W),
                   notes="他地区の工夫（回覧板の手渡し、ゴミ出しの声かけ）を聞いて持ち帰りたいとの声。",
                   decisions=("地区社協分科会で、各地区が持ち帰った学びを報告する時間をとる",)),
        ),
        participants=(
            *(came(district_council(d)) for d in HODOGAYA_DISTRICTS),
            *(came(co2(W, n)) for n in range(1, 10)),
            came(chiku(W), "地区担当（花見台・藤塚・新井）"), came(office(W)), came(co1(W), "進行"),
        ),
        head_counts=(("地区社協役員", 44), ("地域支援チーム（区役所・区社協・CP）", 21)),
        followups=(
            FollowUp("各地区の見守りマトリクスを清書して地区社協に返す", chiku(W), Day(-100), "done", agenda=1,
                     done_note="全地区に返却。3地区は地区の会議で説明した。"),
            FollowUp("地区社協分科会で持ち帰りの報告時間をとる（議題に入れる）", co1(W), Day(-70), "done", agenda=2),
            FollowUp("「ゆるやかな見守り」が空欄の地区に、商店・移動販売での見守りの例を届ける", co2(W, 9), Day(-8),
                     "doing", agenda=1),
            FollowUp("花見台地区の見守りマトリクスの更新を地区社協と相談", co2(W, 1), Day(4), "todo", agenda=1),
        ),
        review=Review(
            worked="地区社協と地域支援チームが同じワークをしたことで、地区別計画の推進に向けて同じ視点をもてた。",
            voices="「自分の地区の見守りを初めて一枚で見た」「他地区の工夫を聞けてよかった」",
            next_time="学びを参加者だけで終わらせず、地区に持ち帰って話し合う場を支援チームで後押しする。",
        ),
    ),
    Event(
        key="hodogaya-matrix-review",
        ward=W, kind="協議体",
        title="見守りマトリクス ふりかえりの会（花見台地区・藤塚地区）",
        place=cp(W, 1),
        organisers=(plaza(W, 1), council(W)),
        sessions=(Session(Day(38), "14:00", "15:30"),),
        created_by=co2(W, 1),
        venue_text="花見台地域ケアプラザ",
        audience="花見台地区・藤塚地区の地区社協役員、民生委員",
        agenda=(
            Agenda("研修後に地区で話し合ったこと", presenter=chiku(W)),
            Agenda("マトリクスの更新と来年度の取組", presenter=co2(W, 1)),
        ),
        participants=(
            invited(district_council("花見台地区"), "yes"), invited(district_council("藤塚地区"), ""),
            invited(chiku(W), "yes"),
        ),
    ),
)

# --- 緑区: joint training with care managers; online salons of three CPs -----------------------

W = "緑区"
MIDORI = (
    Event(
        key="midori-cm-training",
        ward=W, kind="研修",
        title="ケアマネジャー向け勉強会「地域の活動をケアプランに」— サービス検索ナビを使ってみよう",
        place=None,
        organisers=(council(W), ward_office(W), houkatsu(W, 1), houkatsu(W, 3)),
        sessions=(Session(Day(-54), "18:30", "20:00"),),
        created_by=co2(W, 3),
        venue_text="緑区役所 会議室／オンライン併用",
        online_url="https://example.org/meet/midori-cm",
        audience="区内全域のケアマネジャー",
        description=(
            "生活支援Co連絡会の班活動「インフォーマルチーム」と包括の主任ケアマネジャーの合同企画。CMの地域活動の"
            "把握は経験年数や事業所の規模で差があり、アンケートでは地域活動を載せた「サービス検索ナビ」があまり知られて"
            "いなかった。"
        ),
        agenda=(
            Agenda("アンケート結果：CMは地域活動をどう探しているか", presenter=co2(W, 3),
                   prepared="区内CM 62人の回答。「サービス検索ナビを知らない」48%。",
                   notes="知っていても「情報が古いのでは」と使っていない人もいた。"),
            Agenda("実演：検索ナビで近くのサロン・配食を探す", presenter=co2(W, 4),
                   notes="スマホで一緒に検索。運動の強さのアイコンや「申込不要」の表示が好評。"),
            Agenda("事例：地域活動をケアプランに入れた例", presenter_name="包括 主任ケアマネジャー",
                   decisions=("CPごとに「CM向け地域活動便り」を年2回出す", "サービス検索ナビの情報更新の時期をCMに知らせる")),
        ),
        participants=(
            came(care_centre(W)), came(cm(W)), came(houkatsu(W, 1)), came(houkatsu(W, 3)), came(houkatsu(W, 4)),
            missed(houkatsu(W, 5), "急な訪問で欠席"),
            *(came(co2(W, n)) for n in (1, 3, 4, 6)),
            came(co1(W)), came(office(W)),
        ),
        head_counts=(("ケアマネジャー", 38), ("包括（主任CM）", 6), ("2層Co・区社協・区役所", 7)),
        followups=(
            FollowUp("当日の資料とアンケート結果をCM向けに配信", co2(W, 3), Day(-45), "done", agenda=0),
            FollowUp("CM向け地域活動便り（冬号）の原稿を各CPから集める", co2(W, 4), Day(-3), "doing", agenda=2),
            FollowUp("検索ナビの情報が古い活動を洗い出して更新を依頼", co1(W), Day(5), "todo", agenda=1),
        ),
        review=Review(
            worked="アンケート結果から始めたので、CMが自分事として参加した。夜の開催とオンライン併用で参加しやすかった。",
            voices="「制度外の対応を自分で抱えなくてよいとわかった」「検索ナビをブックマークした」",
            next_time="地区ごとの小さな勉強会にして、2層Coと顔を合わせる時間をつくる。",
        ),
    ),
    Event(
        key="midori-online-salon",
        ward=W, kind="その他",
        title="オンラインサロン（森の台・長津田・霧が丘 合同）",
        place=None,
        organisers=(plaza(W, 1), plaza(W, 3), plaza(W, 4)),
        sessions=(
            Session(Day(-96), "14:00", "15:00", "第1回 スマホで顔を見てあいさつ"),
            Session(Day(-68), "14:00", "15:00", "第2回 おうちでできる体操"),
            Session(Day(-40), "14:00", "15:00", "第3回 写真で紹介 わたしのまち"),
        ),
        created_by=co2(W, 4),
        venue_text="3つの地域ケアプラザ（サテライト会場）と自宅から",
        online_url="https://example.org/meet/midori-salon",
        audience="区内の高齢の方（スマホ・タブレットの貸し出しあり）",
        description="班活動「ICT活用チーム」の取組。サテライト会場をつないで、身近なCPで安心して参加できるようにした。",
        agenda=(
            Agenda("3回を通してのふりかえり", presenter=co2(W, 4),
                   notes="普段CPに来ない住民層（男性・一人暮らしの方）との出会いがあった。他会場の参加者と顔見知りに。"),
        ),
        participants=(came(co2(W, 1)), came(co2(W, 3)), came(co2(W, 4)), came(co1(W))),
        head_counts=(("住民（3回延べ）", 57), ("ボランティア", 6)),
        followups=(
            FollowUp("来年度もオンラインサロンを続けるか、参加者アンケートをまとめる", co2(W, 1), Day(-10), "todo"),
        ),
        review=Review(
            worked="サテライト会場にボランティアがいて、機械が苦手な方も安心して参加できた。",
            voices="「孫とのビデオ通話ができるようになった」",
            next_time="第1回の接続に時間がかかったので、事前の練習会を開く。",
        ),
    ),
)

# --- 都筑区: 高齢者等の移動支援を考える会 with taxi companies ----------------------------------

W = "都筑区"
TSUZUKI_TAXIS = ("つばめ交通 都筑営業所", "さくら交通 都筑営業所")
TSUZUKI = (
    Event(
        key="tsuzuki-mobility-2",
        ward=W, kind="協議体",
        title="第2回 高齢者等の移動支援を考える会",
        place=None,
        organisers=(council(W), ward_office(W)),
        sessions=(Session(Day(-176), "14:00", "16:00"),),
        created_by=co1(W),
        venue_text="都筑区役所 会議室",
        audience="タクシー会社、2層Co、区役所、区社協",
        description=(
            "移動に特化した地域アセスメント（各CP）で個別のニーズは見えたが、高齢化率が比較的低い都筑区では地域課題として"
            "認識されにくい。区域の協議体としてタクシー会社と課題を整理し、協力関係を築いてから仕組みを考える。"
        ),
        agenda=(
            Agenda("各CPの移動に関するアセスメント報告", presenter=co2(W, 3),
                   prepared="6CP分の移動のニーズ（通院・買物・通いの場）を地図とともに1枚に。"),
            Agenda("タクシー会社と一緒にできること", presenter=co1(W),
                   notes="送迎だけでなく、乗務員が気づいた異変を伝えてもらう見守りの話が出た。",
                   decisions=("サービスB団体の通いの場での送迎の仕組みを検討する",
                              "タクシー会社の従業員向けに認知症サポーター養成講座などの研修を行う")),
        ),
        participants=(
            *(came(t) for t in TSUZUKI_TAXIS), came(TAXI_ASSOCIATION),
            *(came(co2(W, n)) for n in range(1, 7)), came(co1(W)), came(office(W)),
        ),
        head_counts=(("タクシー会社", 5), ("2層Co・区社協・区役所", 9)),
        followups=(
            FollowUp("サービスB団体（東山田・見花山）に送迎の意向を聞く", co2(W, 3), Day(-150), "done", agenda=1,
                     done_note="2団体とも前向き。現利用者にも送迎を希望する方がいる。"),
            FollowUp("研修の内容を包括と相談（認知症サポーター養成講座を基本に）", co2(W, 6), Day(-140), "done", agenda=1),
        ),
    ),
    Event(
        key="tsuzuki-taxi-serviceb",
        ward=W, kind="協議体",
        title="タクシー会社とサービスB団体の顔合わせ",
        place=None,
        organisers=(council(W), plaza(W, 3), plaza(W, 6)),
        sessions=(Session(Day(-24), "10:00", "11:30"),),
        created_by=co2(W, 3),
        venue_text="東山田地域ケアプラザ",
        agenda=(
            Agenda("サービスB団体の活動と利用者の様子", presenter=co2(W, 3),
                   notes="基本は自分で、または家族の付き添いで来られる方が対象だが、送迎を希望する利用者もいる。"),
            Agenda("タクシーを使った送迎の仕組み（案）", presenter=co1(W),
                   decisions=("サービスB団体が現利用者に送迎の意向調査をする", "利用者の住まいからの送迎ルートを検討する")),
        ),
        participants=(
            came("東山田お助け隊（サービスB）"), came("見花山お助け隊（サービスB）"),
            came("つばめ交通 都筑営業所"), missed("さくら交通 都筑営業所", "配車の都合で欠席", answered="no"),
            came(co2(W, 3)), came(co2(W, 6)), came(co1(W)),
        ),
        head_counts=(("サービスB団体", 6), ("タクシー会社", 2)),
        followups=(
            FollowUp("サービスB団体の意向調査票をつくる", co2(W, 3), Day(-10), "done", agenda=1),
            FollowUp("見花山の利用者の送迎ルート案をタクシー会社と確認", co2(W, 6), Day(-2), "todo", agenda=1),
            FollowUp("欠席したさくら交通に当日の資料を届ける", co1(W), Day(1), "todo"),
            FollowUp("乗務員向けミニ講座の相談先カードを印刷（40枚）", co2(W, 2), Day(10), "todo",
                     organisation=plaza(W, 2)),
        ),
        review=Review(
            worked="顔を合わせたことで、タクシー会社が団体の活動を具体的に知った。",
            voices="「送迎があれば通える方が増える。前向きに検討したい」（サービスB団体）",
            next_time="意向調査の結果を持って、第3回の考える会で共有する。",
        ),
    ),
    Event(
        key="tsuzuki-driver-training",
        ward=W, kind="研修",
        title="タクシー乗務員向けミニ講座（認知症サポーター養成講座）",
        place=None,
        organisers=(council(W), houkatsu(W, 2)),
        sessions=(Session(Day(17), "15:00", "15:45", "点呼後の時間に"), Session(Day(31), "09:00", "09:45", "朝の部")),
        created_by=co2(W, 2),
        venue_text="つばめ交通 都筑営業所 休憩室",
        audience="つばめ交通 都筑営業所の乗務員",
        description="勤務体制に合わせた45分のミニ講座。異変を感じたときの対応を学び、タクシーを利用する高齢者の見守りにつなげる。",
        agenda=(
            Agenda("認知症の基礎と接し方", presenter_name="包括 キャラバン・メイト"),
            Agenda("こんなときは：乗車中に気づいたことの伝え方", presenter=co2(W, 2),
                   prepared="相談先（包括）の一覧をカードにして配る。"),
        ),
        participants=(invited("つばめ交通 都筑営業所", "yes", "乗務員 各回10名程度"), invited(houkatsu(W, 2), "yes")),
    ),
    Event(
        key="tsuzuki-mobility-3",
        ward=W, kind="協議体",
        title="第3回 高齢者等の移動支援を考える会",
        place=None,
        organisers=(council(W), ward_office(W)),
        sessions=(Session(Day(79), "14:00", "16:00"),),
        created_by=co1(W),
        venue_text="都筑区役所 会議室",
        agenda=(
            Agenda("サービスBでの送迎の意向調査の結果", presenter=co2(W, 3)),
            Agenda("乗務員向けミニ講座の報告", presenter=co2(W, 2)),
            Agenda("各地区での取組につなげるには", presenter=co1(W)),
        ),
        participants=(
            *(invited(t, "") for t in TSUZUKI_TAXIS), invited(TAXI_ASSOCIATION, ""),
            *(invited(co2(W, n), "yes") for n in range(1, 7)),
        ),
    ),
)

# --- 南区: exchange with seven taxi companies; briefing for activity leaders -------------------

W = "南区"
MINAMI_TAXIS = (
    "はまかぜタクシー 南営業所", "みなと自動車 南営業所", "つばめ交通 南営業所", "さくら交通 南営業所",
    "あおぞらタクシー 南営業所", "ひまわり交通 南営業所", "ことぶき交通 南営業所",
)
MINAMI_MODEL_CPS = (4, 7)  # 唐沢, 弘明寺町山下: the two CP areas whose 協議体 took up outings
MINAMI = (
    Event(
        key="minami-taxi-exchange",
        ward=W, kind="協議体",
        title="タクシー会社との意見交換会（高齢者の外出支援）",
        place=None,
        organisers=(council(W), ward_office(W)),
        sessions=(Session(Day(-96), "14:00", "15:30"),),
        created_by=co1(W),
        venue_text="南区役所 会議室",
        description=(
            "コロナ禍で地区社協の日帰りバス旅行や食事会が休止し、「外出の機会が減って筋力や気力が落ちた」との声。"
            "タクシー協会の助言でモデル地区（唐沢・弘明寺町山下のCPエリア）から始めることにし、協会の声かけで区内と"
            "近隣で営業する7社と意見交換した。"
        ),
        agenda=(
            Agenda("南区の地域活動と、高齢者の外出・移動の課題", presenter=co1(W),
                   notes="食事サービス連絡会で「1人で会場まで来られない参加者が増えた」。Voの自家用車での送迎も限界。"),
            Agenda("地域活動でタクシーを使うには（協会から）", presenter_name="神奈川県タクシー協会 横浜支部",
                   notes="貸切・相乗り・定額の例。まずモデル地区で具体的に。",
                   decisions=("地域活動でのタクシー利用に協力できる会社を募る（回答は1か月以内）",)),
        ),
        participants=(
            *(came(t) for t in MINAMI_TAXIS), came(TAXI_ASSOCIATION),
            *(came(co2(W, n)) for n in MINAMI_MODEL_CPS), came(co1(W)), came(office(W)), came(chiku(W)),
        ),
        head_counts=(("タクシー会社", 9), ("区社協・区役所・CP", 6)),
        followups=(
            FollowUp("7社に協力の可否を確認する", co1(W), Day(-66), "done", agenda=1,
                     done_note="2社（はまかぜタクシー・みなと自動車）が協力を申し出。3社見送り、2社は検討中。"),
            FollowUp("モデル地区の地区社協役員に意見交換会の報告", co2(W, 4), Day(-80), "done"),
            FollowUp("モデル地区合同の地域活動者向け説明会を企画し、協会に説明を依頼", co2(W, 4), Day(-25), "done",
                     done_note="12月の説明会に決定。協会に資料を依頼済み。"),
            FollowUp("依頼までの流れと、タクシー会社への提案様式（案）をつくる", co1(W), Day(30), "doing", agenda=1),
        ),
        review=Review(
            worked="協会が声をかけてくれたので、7社がそろった。",
            voices="「地域の行事の送迎なら平日の昼間は協力しやすい」（タクシー会社）",
            next_time="依頼までの流れと、タクシー会社への提案様式をつくる。",
        ),
    ),
    Event(
        key="minami-taxi-briefing",
        ward=W, kind="説明会",
        title="地域活動者向け説明会「タクシーを活動に生かすには」（モデル地区合同）",
        place=None,
        organisers=(council(W), ward_office(W), *(plaza(W, n) for n in MINAMI_MODEL_CPS)),
        sessions=(Session(Day(9), "13:30", "15:00"),),
        created_by=co2(W, 4),
        venue_text="唐沢地域ケアプラザ 多目的ホール",
        audience="唐沢・弘明寺町山下エリアの地区社協役員、食事会・サロンの代表",
        agenda=(
            Agenda("タクシーの便利な使い方（協会）", presenter_name="神奈川県タクシー協会 横浜支部",
                   prepared="料金の目安、予約の仕方、乗降の介助について資料を依頼済み。"),
            Agenda("どんな活動に使えるか：日帰り旅行・食事会の送迎", presenter=co2(W, 7)),
            Agenda("協力会社の紹介", presenter=co1(W)),
        ),
        participants=(
            invited(TAXI_ASSOCIATION, "yes"), invited("はまかぜタクシー 南営業所", "yes"),
            invited("みなと自動車 南営業所", "yes"),
            invited(district_council("中村地区"), "yes"), invited(district_council("平楽地区"), ""),
            invited(district_council("大橋地区"), "yes"), invited(district_council("中里地区"), ""),
            invited(listing(W, "おでかけ支援 虹"), "yes"), invited(listing(W, "おしゃべりサロン もみじ"), "no"),
            invited(co2(W, 4), "yes"), invited(co2(W, 7), "yes"), invited(chiku(W), "yes"),
        ),
    ),
)

# --- 栄区: the exchange of the mobile-sales support volunteers --------------------------------

W = "栄区"
SAKAE_SITES = (
    "移動販売 中野会場", "移動販売 元大橋会場", "移動販売 小山台会場", "移動販売 小菅ケ谷会場", "移動販売 尾月会場",
    "移動販売 庄戸会場", "移動販売 本郷台会場", "移動販売 柏陽会場", "移動販売 桂台中会場", "移動販売 桂台北会場",
    "移動販売 桂台南会場", "移動販売 桂町会場", "移動販売 犬山会場", "移動販売 笠間会場", "移動販売 若竹会場",
    "移動販売 金井会場", "移動販売 鍛冶ケ谷会場", "移動販売 長倉会場", "移動販売 飯島会場",
)
SAKAE = (
    Event(
        key="sakae-vo-exchange",
        ward=W, kind="交流会",
        title="移動販売サポートボランティア情報交換会",
        place=None,
        organisers=(council(W), ward_office(W), *(plaza(W, n) for n in range(1, 6))),
        sessions=(Session(Day(-33), "13:30", "15:30"),),
        created_by=co1(W),
        venue_text="栄区社会福祉協議会 ホール",
        audience="19の移動販売会場のサポートボランティア",
        description=(
            "この2年で19か所になったスーパーの移動販売会場。地元のVoが設営や品出し、荷物運びを手伝い、見守りの場にも"
            "なっている。会場ごとの悩みと工夫をVo同士で共有し、移動販売の目的（見守り・つながり）を確かめ合う。"
        ),
        agenda=(
            Agenda("各会場の状況（2層Co・地区担当の聞き取りから）", presenter=chiku(W),
                   prepared="19会場の利用者数・Vo数・困りごとを一覧に。",
                   notes="「最近あの方の姿を見かけない」「一人暮らしなのにたくさん買っていて心配」などの気づき。"
                         "利用者は固定化し、独居の男性や子育て世代は少ない。"),
            Agenda("グループ討議：Voはどこまで手伝う？ 気づいたことはどこへ？", presenter=co2(W, 1),
                   notes="手伝いすぎると本人の力を奪うのでは、という悩み。気づきは2層Coか地区担当に伝えればよいと確認。",
                   decisions=("気づいたことの連絡先（CPと区社協）を会場ごとのカードにして配る",
                              "会場で同時に講座（子育て・防災・フレイル予防）を開く案を、希望する会場で試す")),
        ),
        participants=(
            *(came(listing(W, s)) for s in SAKAE_SITES[:16]),
            *(missed(listing(W, s), "", answered="no") for s in SAKAE_SITES[16:]),
            came(supermarket(W), "移動販売の担当者"),
            *(came(co2(W, n)) for n in range(1, 6)), came(co1(W)), came(chiku(W)), came(office(W)),
        ),
        head_counts=(("移動販売サポートVo", 46), ("地域交流Co", 4), ("包括", 3)),
        followups=(
            FollowUp("会場ごとの「気づいたときの連絡先カード」をつくって配る", co2(W, 1), Day(-6), "doing", agenda=1),
            FollowUp("欠席した3会場のVoに資料を届け、感想を聞く", chiku(W), Day(-20), "done",
                     done_note="金井・鍛冶ケ谷・長倉の会場で手渡し。"),
            FollowUp("笠間会場で防災ミニ講座を同時開催できるか自治会と相談", co2(W, 5), Day(4), "todo", agenda=1),
            FollowUp("スーパーに情報交換会の報告と、独居男性への周知の相談", co1(W), Day(11), "todo"),
        ),
        review=Review(
            worked="会場ごとの一覧を先に配ったので、ほかの会場の工夫に話が広がった。",
            voices="「ほかの会場も同じことで悩んでいた」「気づいたら誰に言えばいいか、はっきりして安心」",
            next_time="会場のVoが少ない曜日の応援の仕組みを考える。",
        ),
    ),
)

# --- 港北区: linking the ibasho online --------------------------------------------------------

W = "港北区"
KOHOKU = (
    Event(
        key="kohoku-ibasho-online",
        ward=W, kind="交流会",
        title="みんなの居場所 オンライン情報交換会（コグニサイズつき）",
        place=None,
        organisers=(council(W),),
        sessions=(Session(Day(-47), "14:00", "15:30"),),
        created_by=co1(W),
        venue_text="各居場所（オンラインで接続）",
        online_url="https://example.org/meet/kohoku-ibasho",
        description="オンライン導入サポート事業で整えた機材で、居場所同士をつないだコグニサイズと、悩みや工夫の情報交換。",
        agenda=(
            Agenda("コグニサイズ（全会場で一緒に）", presenter=co2(W, 5)),
            Agenda("各居場所の近況と工夫", presenter=co1(W),
                   notes="ふらっと：スマホ教室が好評、Wi-Fiを使いに来た在宅勤務の方が地区社協の会計に。ゆずの樹：区の"
                         "介護予防講座のサテライト会場になった。",
                   decisions=("次回は動画配信の研修を受けたVoが配信を担当する",)),
        ),
        participants=(
            came(listing(W, "みんなの居場所 ゆずの樹")), came(listing(W, "みんなの居場所 ふらっと")),
            came(listing(W, "日吉地区みんなの居場所"), "休止中だが見学として"),
            came(co2(W, 5)), came(co2(W, 12)), came(co1(W)), came(chiku(W)),
        ),
        head_counts=(("居場所の参加者", 34), ("担い手", 9)),
        followups=(
            FollowUp("日吉地区みんなの居場所の再開の相談にのる", co2(W, 3), Day(-7), "todo"),
            FollowUp("動画配信の研修の日程を区社協で調整", co1(W), Day(6), "todo", agenda=1),
        ),
        review=Review(
            worked="画面越しでも同じ体操をすると一体感が出た。近況の共有で、居場所同士の工夫が行き来した。",
            voices="「ほかの居場所の顔が見えて心強い」「スマホ教室のやり方を教えてほしい」",
            next_time="休止中の居場所にも見学で参加してもらい、再開のきっかけにする。",
        ),
    ),
)

EVENTS_BY_WARD = {
    "鶴見区": TSURUMI, "金沢区": KANAZAWA, "港南区": KONAN, "保土ケ谷区": HODOGAYA, "緑区": MIDORI,
    "都筑区": TSUZUKI, "南区": MINAMI, "栄区": SAKAE, "港北区": KOHOKU,
}
