"""Who and where the casebook's demo content names: the demo's CP areas of the casebook's wards
(numbered and named as yokohama.py builds them from its fixed seed), and the demo accounts by
role (yokohama.py: <romaji>-1so, -ward, -chiku, -cm, -cpNN-2so; the named CPs' own logins).
tests/demo/test_casebook_content.py checks each against the demo as load_demo builds it."""

from __future__ import annotations

from tsunagu.demo.casebook.shapes import CP, Account, ListingRef
from tsunagu.demo.yokohama import NAMED_LOGINS, ROMAJI

# The CP areas the content uses, by ward: number → short name (yokohama.py's order and names).
CPS: dict[str, dict[int, str]] = {
    "鶴見区": {1: "豊岡", 3: "駒岡", 4: "安善", 5: "矢向", 6: "上の宮", 8: "東寺尾", 9: "上末吉"},
    "金沢区": {1: "釜利谷東", 2: "鳥浜", 3: "六浦", 4: "福浦", 5: "富岡西", 6: "釜利谷", 7: "野島", 8: "高舟台",
             9: "六浦東"},
    "港南区": {1: "日野", 2: "港南台", 3: "日野南", 4: "下永谷", 5: "上大岡東", 6: "笹下", 7: "日限山", 8: "東芹が谷"},
    "保土ケ谷区": {1: "花見台", 2: "新井", 3: "今井", 4: "峰沢", 5: "川島", 6: "権太坂", 7: "岩井", 8: "宮田", 9: "釜台"},
    "緑区": {1: "森の台", 2: "東本郷", 3: "長津田", 4: "霧が丘", 5: "竹山", 6: "西八朔"},
    "都筑区": {1: "茅ケ崎東", 2: "佐江戸", 3: "東山田", 4: "川向", 5: "あゆみが丘", 6: "見花山"},
    "旭区": {1: "今川", 2: "若葉台", 3: "善部", 4: "市沢", 5: "白根", 6: "笹野台", 7: "川井宿", 8: "大池",
           9: "白根二丁目", 10: "中尾"},
    "磯子区": {1: "屛風ヶ浦", 2: "氷取沢", 3: "東町", 4: "杉田", 5: "岡村", 6: "洋光台"},
    "南区": {1: "宮元", 2: "六ツ川", 3: "大岡", 4: "唐沢", 5: "永田北", 6: "別所", 7: "弘明寺町山下", 8: "西中", 9: "中村"},
    "栄区": {1: "中野", 2: "田谷", 3: "庄戸", 4: "本郷台", 5: "笠間"},
    "港北区": {1: "大曽根", 2: "篠原台", 3: "日吉", 4: "小机", 5: "高田", 6: "菊名", 7: "新吉田", 8: "北新横浜",
             9: "綱島東", 10: "日吉本", 11: "新羽", 12: "樽町"},
    "泉区": {1: "中田北", 2: "緑園", 3: "下和泉", 4: "上飯田", 5: "岡津", 6: "和泉中央南"},
    "西区": {1: "戸部本", 2: "元久保", 3: "北軽井沢", 4: "東ケ丘", 5: "みなとみらい"},
}


def cp(ward: str, number: int) -> CP:
    return CP(ward=ward, number=number, name=f"{CPS[ward][number]}地域ケアプラザ")


def cps(ward: str, *numbers: int) -> tuple[CP, ...]:
    return tuple(cp(ward, n) for n in (numbers or sorted(CPS[ward])))


def co1(ward: str) -> Account:
    """The ward's 1層Co (区社協)."""
    return Account(f"{ROMAJI[ward]}-1so", "ward_coordinator", ward)


def office(ward: str) -> Account:
    """The ward office's 包括ケア係."""
    return Account(f"{ROMAJI[ward]}-ward", "ward_office", ward)


def chiku(ward: str) -> Account:
    """The ward council's district officer (区社協 地区担当: the ward's first three districts)."""
    return Account(f"{ROMAJI[ward]}-chiku", "district_officer", ward)


def cm(ward: str) -> Account:
    """A care manager of the ward's care-plan centre (viewer)."""
    return Account(f"{ROMAJI[ward]}-cm", "viewer", ward)


def co2(ward: str, number: int) -> Account:
    """The 2層Co of the ward's CP number `number`."""
    login = NAMED_LOGINS.get(CPS[ward][number], f"{ROMAJI[ward]}-cp{number:02d}")
    return Account(f"{login}-2so", "area_coordinator", ward, number)


def cp_staff(ward: str, number: int) -> Account:
    """地域交流Co: only the casebook's named CPs have such a demo account (屛風ヶ浦 in 磯子区)."""
    return Account(f"{NAMED_LOGINS[CPS[ward][number]]}-staff", "cp_staff", ward, number)


# Organisations by the names yokohama.py gives them.
def council(ward: str) -> str:
    return f"{ward}社会福祉協議会"


def ward_office(ward: str) -> str:
    return f"{ward}役所 高齢・障害支援課"


def plaza(ward: str, number: int) -> str:
    return f"{CPS[ward][number]}地域ケアプラザ"


def houkatsu(ward: str, number: int) -> str:
    return f"{CPS[ward][number]}地域包括支援センター"


def district_council(district: str) -> str:
    return f"{district}社会福祉協議会"


def care_centre(ward: str) -> str:
    return f"{ward[:-1]}ケアプランセンター"


def supermarket(ward: str) -> str:
    return f"スーパーまるよし {ward[:-1]}店（移動販売）"


def listing(ward: str, name: str) -> ListingRef:
    return ListingRef(name=name, ward=ward)


CITY_COUNCIL = "横浜市社会福祉協議会"
TAXI_ASSOCIATION = "神奈川県タクシー協会 横浜支部"
