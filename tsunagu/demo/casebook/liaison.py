"""The monthly liaison meetings (生活支援Co連絡会) of 泉区, 緑区, 旭区 and 西区, as 催し of kind 連絡会.

Each ward meets monthly in the casebook; the demo carries the last three meetings (agenda, who
reported what, minutes, decisions, follow-ups) and the next two (agenda and who will report; 泉区's
2層Co write their reports beforehand, so the next meeting's prepared notes are partly filled in).
The wards' practices: 泉区 makes the meeting a place to learn (an area-assessment study group with
data, shared episodes, new 2層Co followed up); 緑区's 2層Co run working groups (インフォーマル,
ICT活用) and report them; 旭区's three teams report their networks (meal services, salons,
small-help volunteers) and discuss what coordinators should take up; 西区 shares 取組メモ under the
three pillars and holds a case study.

西区's older liaison meetings are also in records.py (tsunagu.liaison's LiaisonMeeting, a date
and a note); these are the richer ones of the new model, from October on.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.demo.casebook.cast import CPS, co1, co2, council, office, ward_office
from tsunagu.demo.casebook.helpers import came, invited, missed
from tsunagu.demo.casebook.shapes import Agenda, Day, Event, FollowUp, Session


@dataclass(frozen=True)
class Meeting:
    """One meeting's own part: its day, its theme, the agenda and the follow-ups."""

    day: int
    theme: str
    agenda: tuple[Agenda, ...]
    followups: tuple[FollowUp, ...] = ()
    absent: int | None = None  # the CP whose 2層Co could not come
    general_notes: str = ""


def _meetings(ward: str, venue: str, time: tuple[str, str], meetings: tuple[Meeting, ...]) -> tuple[Event, ...]:
    events = []
    for n, m in enumerate(meetings, start=1):
        past = m.day < 0
        people = []
        for number in sorted(CPS[ward]):
            who = co2(ward, number)
            if past:
                people.append(missed(who, "個別支援の対応のため欠席（資料は事前提出）") if number == m.absent else came(who))
            else:
                people.append(invited(who, "no" if number == m.absent else "yes"))
        people += [came(co1(ward)) if past else invited(co1(ward), "yes"),
                   came(office(ward)) if past else invited(office(ward), "yes")]
        events.append(Event(
            key=f"liaison-{ward}-{n}",
            ward=ward, kind="連絡会",
            title=f"生活支援Co連絡会（{m.theme}）",
            place=None,
            organisers=(council(ward), ward_office(ward)),
            sessions=(Session(Day(m.day), *time),),
            created_by=co1(ward),
            venue_text=venue,
            audience="区内の2層Co、1層Co、区役所",
            agenda=m.agenda,
            participants=tuple(people),
            head_counts=(("2層Co", len(CPS[ward]) - (1 if m.absent else 0)), ("1層Co・区役所", 3)) if past else (),
            general_notes=m.general_notes,
            followups=m.followups,
        ))
    return tuple(events)


# --- 泉区: a place to learn --------------------------------------------------------------------

W = "泉区"
IZUMI = _meetings(W, "泉区役所 会議室", ("13:30", "16:00"), (
    Meeting(-91, "地域アセスメント勉強会①データを使う", absent=4, agenda=(
        Agenda("勉強会：人口・高齢化率・要介護認定のデータから地域を見る", presenter=co1(W),
               prepared="町丁目別の高齢化率と一人暮らし高齢者数の表（区役所提供）、読み方のワークシート。",
               notes="同じ高齢化率でも、坂の多さや店の距離で暮らしの困りごとが違う。データは「問い」を立てる道具。",
               decisions=("各CPで、データから気になった町丁目を一つ選び、次回までに歩いてみる",)),
        Agenda("取組報告：サロンの再開で聞いたこと（エピソードで）", presenter=co2(W, 2),
               prepared="緑園のサロン再開。「人に会うのは半年ぶり」と話した参加者のこと、担い手の迷い。",
               notes="報告はエピソードから。担い手が再開を迷った理由を聞いたことが次の支援につながった。"),
        Agenda("区役所から：介護予防の通いの場の補助について", presenter=office(W)),
    ), followups=(
        FollowUp("データの表を全CPに配る（町丁目別・最新版）", office(W), Day(-85), "done", agenda=0),
        FollowUp("新任2層Co（上飯田）と1層Coでふりかえりの時間をとる", co1(W), Day(-70), "done",
                 done_note="月1回、連絡会の翌週に30分。"),
    )),
    Meeting(-63, "地域アセスメント勉強会②地域資源を知る", agenda=(
        Agenda("歩いてみた報告（各CP3分）", presenter=co2(W, 1),
               prepared="中田北：データで一人暮らしが多い町丁目を歩いた。坂の上の集会所が閉まっていた。",
               notes="6CP中5CPが報告。歩くと、データにない「集まれる場所」と「なくなった店」が見えた。"),
        Agenda("協議体の見学報告（岡津CPの協議体を見学して）", presenter=co2(W, 6),
               prepared="ねらいの伝え方、進行役の引き方、住民が話し始めるまで待つこと。",
               notes="見学した2層Coから「待つ勇気」の話。ほかの協議体も見学し合うことに。",
               decisions=("協議体の見学を希望するCPは連絡会で日程を共有する",)),
    ), followups=(
        FollowUp("協議体の見学日程表を共有フォルダに置く", co2(W, 5), Day(-50), "done", agenda=1),
    )),
    Meeting(-28, "地域アセスメント勉強会③聞き取りから課題へ", absent=3, agenda=(
        Agenda("聞き取りの工夫：民生委員・自治会長から", presenter=co2(W, 4),
               prepared="上飯田：自治会長への聞き取りで「買物」より「ゴミ出し」が困りごとだった話。",
               notes="新任の2層Coの報告に、先輩から「最初の質問を広く」の助言。"),
        Agenda("課題の整理：個別の声を地域の課題に", presenter=co1(W),
               notes="個別の困りごとが3件以上重なったら、地域の課題として協議体にかける目安を確認。",
               decisions=("各CPで「重なっている声」を一つ選び、次回の連絡会で共有する",
                          "連絡会の進め方（事前打合せ・事前共有）は今のやり方を続ける")),
        Agenda("区役所から：来年度の予算と連絡会の日程", presenter=office(W)),
    ), followups=(
        FollowUp("「重なっている声」を一つ選んで事前に共有フォルダへ", co2(W, 1), Day(2), "todo", agenda=1),
        FollowUp("欠席した下和泉CPに勉強会の資料と記録を届ける", co1(W), Day(-21), "todo"),
        FollowUp("次回司会の2層Co（緑園）と事前打合せ", co1(W), Day(5), "todo"),
    )),
    Meeting(8, "地域アセスメント勉強会④重なっている声", agenda=(
        Agenda("各CPの「重なっている声」（事前提出）", presenter=co2(W, 2),
               prepared="緑園：坂の上の一人暮らしの方から「ゴミ出し」の相談が3件。自治会の班で話し合い中。"),
        Agenda("中田北：買物の声", presenter=co2(W, 1), prepared="（準備中）"),
        Agenda("新任2層Coのふりかえりから", presenter=co2(W, 4)),
    )),
    Meeting(36, "今年度のふりかえり", agenda=(
        Agenda("各CPの一年（エピソードで）", presenter=co2(W, 5)),
        Agenda("連絡会のふりかえり：大事にしてきたこと", presenter=co1(W)),
    )),
))

# --- 緑区: working groups run by the 2層Co -----------------------------------------------------

W = "緑区"
MIDORI = _meetings(W, "緑区社会福祉協議会 会議室／オンライン", ("10:00", "12:00"), (
    Meeting(-89, "班活動の中間報告", agenda=(
        Agenda("インフォーマルチーム：CMへのアンケートの設計", presenter=co2(W, 3),
               notes="包括の主任CMに聞くと、CMの地域活動の把握には経験年数や事業所で差がある。",
               decisions=("区内全CMへのアンケートを実施する（サービス検索ナビの認知度を含める）",)),
        Agenda("ICT活用チーム：オンラインサロン第1回の報告", presenter=co2(W, 4),
               notes="3会場をつないで住民17人。接続に時間がかかった。"),
    ), followups=(
        FollowUp("CMアンケートを包括経由で配布", co2(W, 3), Day(-75), "done", agenda=0),
    )),
    Meeting(-61, "CM勉強会の準備・他の班への資料確認", absent=2, agenda=(
        Agenda("CMアンケートの結果", presenter=co2(W, 3),
               notes="回答62人。「サービス検索ナビを知らない」が約半分。",
               decisions=("包括と合同でCM向け勉強会を開く", "ほかの班の2層Coにも資料の確認を頼む")),
        Agenda("区役所から：包括ケア係長より", presenter=office(W)),
    ), followups=(
        FollowUp("勉強会のチラシ案を全2層Coに回覧", co2(W, 1), Day(-57), "done", agenda=0),
    )),
    Meeting(-26, "班活動のふりかえりと来年度", agenda=(
        Agenda("CM勉強会の報告", presenter=co2(W, 3),
               notes="CM38人。事例の紹介が好評。「CM向け地域活動便り」を出すことに。"),
        Agenda("オンラインサロン3回のふりかえり", presenter=co2(W, 4),
               notes="普段CPに来ない住民層との出会い。続けるかは参加者アンケートで決める。"),
        Agenda("来年度の班のテーマ", presenter=co1(W),
               notes="「自分一人や一つのCPでは踏み出しにくいこと」を班で。移動支援、担い手の確保が候補。",
               decisions=("来年度の班のテーマ案を各自1つ、次回までに出す",)),
    ), followups=(
        FollowUp("来年度の班のテーマ案を出す", co2(W, 6), Day(3), "todo", agenda=2),
        FollowUp("来年度の班のテーマ案を出す", co2(W, 5), Day(3), "todo", agenda=2),
        FollowUp("CM向け地域活動便りの発行時期を区役所と相談", co1(W), Day(-6), "doing", agenda=0),
    )),
    Meeting(10, "来年度の班の決め方", agenda=(
        Agenda("テーマ案の共有", presenter=co1(W)),
        Agenda("テーマ案：移動支援（長津田・霧が丘）", presenter=co2(W, 3), prepared="（準備中）"),
        Agenda("班の組み方（経験年数をまぜる）", presenter=office(W)),
    )),
    Meeting(38, "今年度のまとめ", absent=5, agenda=(
        Agenda("班ごとのまとめ", presenter=co2(W, 3)),
    )),
))

# --- 旭区: three teams report their networks --------------------------------------------------

W = "旭区"
ASAHI = _meetings(W, "旭区社会福祉協議会 会議室", ("13:30", "15:30"), (
    Meeting(-92, "3つの連絡会の報告", agenda=(
        Agenda("食事サービス連絡会：会食会の再開状況", presenter=co2(W, 1),
               notes="会食会12団体のうち9団体が再開。弁当の配布に切り替えた団体も。"),
        Agenda("サロン連絡会：取材と交流会の準備", presenter=co2(W, 3),
               notes="サロンの取材を4か所で。担い手の交流会を秋に。"),
        Agenda("ちょこっとVo連絡会：アンケート結果", presenter=co2(W, 7),
               notes="依頼が減った団体が半分、担い手の確保がどの団体も課題。"),
    ), followups=(
        FollowUp("3つの連絡会の年間予定を1枚にまとめる", co1(W), Day(-80), "done"),
    )),
    Meeting(-64, "3つの連絡会の在り方を考える①", absent=9, agenda=(
        Agenda("グループで話し合い（担当別）：これまでの連絡会運営のふりかえり", presenter=co1(W),
               notes="「既存の団体だけでなく、企業や若い世代とも連携したい」「移動支援や担い手の確保は複数エリアの共通課題」",
               decisions=("次回は経験年数別のグループで同じテーマを話し合う",)),
        Agenda("サロン連絡会：取材したサロンの紹介", presenter=co2(W, 4),
               notes="取材した4か所のうち2か所が、新しい担い手を迎えていた。"),
    ), followups=(
        FollowUp("出た意見を模造紙から書き起こして配る", co2(W, 2), Day(-55), "done", agenda=0),
    )),
    Meeting(-29, "3つの連絡会の在り方を考える②", agenda=(
        Agenda("経験年数別のグループで話し合い", presenter=co1(W),
               notes="経験の長い2層Coは「団体同士のつながり」、新しい2層Coは「自分のエリアの課題」に関心。",
               decisions=("次年度に「地域課題に対する資源の創出・開発」を考える班を新しく設ける",)),
        Agenda("サロン連絡会：担い手の交流会の報告", presenter=co2(W, 3),
               notes="サロン8団体から担い手23人。役割を小分けにする工夫を共有。"),
    ), followups=(
        FollowUp("新しい班の目的と進め方の案をつくる", co1(W), Day(4), "doing", agenda=0),
        FollowUp("企業・施設との連携の例（他区）を集める", co2(W, 10), Day(-3), "todo", agenda=0),
        FollowUp("ちょこっとボランティア交流会の案内を6団体に送り、返事を確かめる", co2(W, 6), Day(6), "doing"),
    )),
    Meeting(7, "新しい班について", agenda=(
        Agenda("資源の創出・開発の班（案）", presenter=co1(W)),
        Agenda("食事サービス連絡会：研修の報告", presenter=co2(W, 1)),
        Agenda("ちょこっとVo連絡会：交流会の案内", presenter=co2(W, 7)),
    )),
    Meeting(35, "今年度のふりかえり", agenda=(
        Agenda("3つの連絡会の一年", presenter=co2(W, 3)),
    )),
))

# --- 西区: 取組メモ under the three pillars, and a case study --------------------------------

W = "西区"
NISHI = _meetings(W, "西区役所 会議室", ("14:00", "16:00"), (
    Meeting(-87, "取組メモの共有（交流・居場所）", agenda=(
        Agenda("取組メモから：交流・居場所の取組", presenter=co2(W, 1),
               prepared="戸部本：地域食堂の担い手の集い（取組メモ3件）。",
               notes="3つの柱のうち交流・居場所のメモが一番多い。段階は「検討」「実践」が中心。"),
        Agenda("事例検討：サロンの担い手の交代", presenter=co2(W, 2),
               notes="きっかけ・内容・今後に向けての順で。担い手の思いを聞く時間をとったことがよかった。"),
    ), followups=(
        FollowUp("事例検討の記録を事例集の様式で残す", co2(W, 2), Day(-70), "done", agenda=1),
    )),
    Meeting(-59, "取組メモの共有（生活支援）", absent=5, agenda=(
        Agenda("取組メモから：買物・ちょっとした困りごと", presenter=co2(W, 3),
               notes="浅間町の配食サービスが休止中。担い手の高齢化。",
               decisions=("休止中の配食サービスの今後を、地区担当と一緒に代表に聞く",)),
    ), followups=(
        FollowUp("休止中の配食サービスの代表に話を聞く", co2(W, 3), Day(-40), "done",
                 done_note="お弁当を持ち寄る形なら再開できそう、とのこと。"),
    )),
    Meeting(-24, "取組メモの共有（見守り・つながり）", agenda=(
        Agenda("取組メモから：見守り・つながり", presenter=co2(W, 4),
               notes="東ケ丘：サロンを欠席が続く方のことを民生委員と共有。"),
        Agenda("年度目標の中間ふりかえり", presenter=co1(W),
               decisions=("各CPの年度目標に対する取組メモを、次回までに1件ずつ選ぶ",)),
    ), followups=(
        FollowUp("年度目標に対する取組メモを1件選ぶ", co2(W, 1), Day(1), "todo", agenda=1),
        FollowUp("年度目標に対する取組メモを1件選ぶ", co2(W, 4), Day(1), "todo", agenda=1),
        FollowUp("見守りの取組メモを区の一覧で見られるよう確認", co1(W), Day(-10), "todo", agenda=0),
    )),
    Meeting(12, "事例検討", agenda=(
        Agenda("事例検討：みなとみらいの地域食堂", presenter=co2(W, 5)),
    )),
    Meeting(40, "今年度のまとめ", agenda=(
        Agenda("3つの柱で見る一年", presenter=co1(W)),
        Agenda("戸部本CPの一年（取組メモから）", presenter=co2(W, 1)),
    )),
))

LIAISON_BY_WARD = {"泉区": IZUMI, "緑区": MIDORI, "旭区": ASAHI, "西区": NISHI}
