"""The Yokohama demo: plausible CP areas, districts, associations, organisations and people.

CP areas and districts are not published as data, so they are drawn here from the real 町丁目
points: each ward gets about as many CP areas as it has in reality, every 町丁目 joins the
nearest CP, each CP area splits into districts, each district into associations. The CPs the
casebook names (簑沢, 屛風ヶ浦, 大場, 美しが丘, たまプラーザ, 二ツ橋) are among them. Everything
is drawn from a fixed seed, so every machine gets the same demo.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from tsunagu.demo.names import CHOME, GIVEN, SHOPS, SURNAMES, TAXI, VOLUNTEER_GROUPS, stem
from tsunagu.lib.japanese import search_text
from tsunagu.people.models import Contact, Membership, Organisation, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place
from tsunagu.places.yokohama import CITY_CODE, load_base_data

DEMO_PASSWORD = "tsunagu-demo-2026"

# Roughly the number of CPs (and 特養包括) each ward has.
CP_COUNT = {
    "鶴見区": 9, "神奈川区": 9, "西区": 5, "中区": 6, "南区": 9, "保土ケ谷区": 9, "磯子区": 6,
    "金沢区": 9, "港北区": 12, "戸塚区": 10, "港南区": 8, "旭区": 10, "緑区": 6, "瀬谷区": 5,
    "栄区": 5, "泉区": 6, "青葉区": 9, "都筑区": 6,
}
# CPs the casebook names, with the 町丁目 they are drawn around.
NAMED_CPS = {
    "中区": [("簑沢", "簑沢")],
    "磯子区": [("屛風ヶ浦", "森")],
    "青葉区": [("大場", "大場町"), ("美しが丘", "美しが丘一丁目"), ("たまプラーザ", "新石川")],
    "瀬谷区": [("二ツ橋", "二ツ橋町")],
}
ROMAJI = {
    "鶴見区": "tsurumi", "神奈川区": "kanagawa", "西区": "nishi", "中区": "naka", "南区": "minami",
    "保土ケ谷区": "hodogaya", "磯子区": "isogo", "金沢区": "kanazawa", "港北区": "kohoku", "戸塚区": "totsuka",
    "港南区": "konan", "旭区": "asahi", "緑区": "midori", "瀬谷区": "seya", "栄区": "sakae", "泉区": "izumi",
    "青葉区": "aoba", "都筑区": "tsuzuki",
}
NAMED_LOGINS = {"簑沢": "minosawa", "屛風ヶ浦": "byobugaura", "大場": "ooba", "美しが丘": "utsukushigaoka",
                "たまプラーザ": "tamaplaza", "二ツ橋": "futatsubashi"}

@dataclass
class Point:
    place: Place

    @property
    def xy(self) -> tuple[float, float]:
        # Metres are not needed, only order: scale longitude by the latitude's cosine.
        return (self.place.longitude * math.cos(math.radians(35.45)), self.place.latitude)


def _distance(a: Place, b: Place) -> float:
    (ax, ay), (bx, by) = Point(a).xy, Point(b).xy
    return math.hypot(ax - bx, ay - by)


def _spread(points: list[Place], k: int, fixed: list[Place]) -> list[Place]:
    """k centres spread over the points (farthest-point sampling), starting from fixed ones."""
    centres = list(fixed)
    if not centres:
        cx = sum(p.longitude for p in points) / len(points)
        cy = sum(p.latitude for p in points) / len(points)
        centres.append(min(points, key=lambda p: (p.longitude - cx) ** 2 + (p.latitude - cy) ** 2))
    while len(centres) < min(k, len(points)):
        centres.append(max(points, key=lambda p: min(_distance(p, c) for c in centres)))
    return centres


def _nearest_groups(points: list[Place], centres: list[Place]) -> dict[int, list[Place]]:
    groups: dict[int, list[Place]] = {c.pk: [] for c in centres}
    for p in points:
        groups[min(centres, key=lambda c: _distance(p, c)).pk].append(p)
    return groups


class DemoBuilder:
    def __init__(self, seed: int = 2022):
        self.rng = random.Random(seed)
        self.password_hash = make_password(DEMO_PASSWORD)
        self.logins: list[tuple[str, str, str]] = []
        self.used_usernames: set[str] = set()
        # Filled from the database on first use: a demo may be built on top of wards loaded before.
        self.district_names: set[str] | None = None

    # -- small makers ---------------------------------------------------------------
    def person_name(self) -> str:
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN)}"

    def phone(self) -> str:
        return f"045-{self.rng.randint(200, 999)}-{self.rng.randint(1000, 9999)}"

    def place(self, *, kind: str, code: str, name: str, parent: Place, near: Place | None = None) -> Place:
        place = Place(kind=kind, code=code, name=name, parent=parent)
        if near is not None:
            place.latitude, place.longitude = near.latitude, near.longitude
        place.save()
        return place

    def organisation(self, *, kind: str, name: str, place: Place, contacts: int = 1, **fields) -> Organisation:
        org = Organisation.objects.create(kind=kind, name=name, place=place, phone=self.phone(), **fields)
        for i in range(contacts):
            Contact.objects.create(
                organisation=org,
                name=self.person_name(),
                title=["代表", "事務局", "担当"][i % 3],
                phone=org.phone,
                is_public=i == 0 and kind not in (OrganisationKind.ASSOCIATION,),
            )
        return org

    def user(self, username: str, organisation: Organisation, role: str, districts=(), label: str = "") -> User:
        if username in self.used_usernames:
            username = f"{username}{len(self.used_usernames)}"
        self.used_usernames.add(username)
        user = User.objects.create(username=username, display_name=self.person_name(), password=self.password_hash)
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        if districts:
            membership.districts.set(districts)
        if label:
            self.logins.append((username, label, organisation.name))
        return user

    # -- the city --------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> dict[str, int]:
        load_base_data()
        city = Place.objects.get(code=CITY_CODE)
        council = self.organisation(kind=OrganisationKind.CITY_COUNCIL, name="横浜市社会福祉協議会", place=city,
                                    name_kana="よこはまししゃかいふくしきょうぎかい", contacts=2)
        self.organisation(kind=OrganisationKind.CITY_OFFICE, name="横浜市健康福祉局 地域支援課", place=city)
        self.organisation(kind=OrganisationKind.TAXI, name="神奈川県タクシー協会 横浜支部", place=city)
        self.user("admin", council, Role.CITY_ADMIN, label="市の管理者（市社協）")
        for ward in Place.objects.filter(kind=Kind.WARD, parent=city).order_by("code"):
            self.build_ward(ward)
        from tsunagu.demo.listings import build_listings  # it reads this module's names

        listings = build_listings(self)
        return {
            "cp_areas": Place.objects.filter(kind=Kind.CP_AREA).count(),
            "districts": Place.objects.filter(kind=Kind.DISTRICT).count(),
            "associations": Place.objects.filter(kind=Kind.ASSOCIATION).count(),
            "organisations": Organisation.objects.count(),
            "users": User.objects.count(),
            "listings": listings,
        }

    def build_ward(self, ward: Place) -> None:
        romaji = ROMAJI[ward.name]
        showcase = ward.name in NAMED_CPS or ward.name == "神奈川区" or ward.name == "西区"
        ward_council = self.organisation(kind=OrganisationKind.WARD_COUNCIL, name=f"{ward.name}社会福祉協議会",
                                         place=ward, contacts=2)
        ward_office = self.organisation(kind=OrganisationKind.WARD_OFFICE, name=f"{ward.name}役所 高齢・障害支援課",
                                        place=ward)
        self.user(f"{romaji}-1so", ward_council, Role.WARD_COORDINATOR,
                  label=f"{ward.name} 1層Co" if showcase else "")
        self.user(f"{romaji}-ward", ward_office, Role.WARD_OFFICE, label=f"{ward.name}役所" if showcase else "")

        # A few 町丁目 have no point in the source data; they stay directly under the ward.
        blocks = list(
            Place.objects.filter(parent=ward, kind=Kind.BLOCK, latitude__isnull=False).order_by("code")
        )
        named = NAMED_CPS.get(ward.name, [])
        fixed = []
        for _, anchor in named:
            fixed.append(next(b for b in blocks if b.name.startswith(anchor)))
        centres = _spread(blocks, CP_COUNT[ward.name], fixed)
        groups = _nearest_groups(blocks, centres)
        names_used: set[str] = set()
        all_districts: list[Place] = []
        for index, centre in enumerate(centres, start=1):
            cp_name = named[index - 1][0] if index <= len(named) else stem(centre.name)
            if cp_name in names_used:
                cp_name = centre.name
            names_used.add(cp_name)
            area = self.place(kind=Kind.CP_AREA, code=f"{ward.code}-CP{index:02d}", name=f"{cp_name}地域ケアプラザ",
                              parent=ward, near=centre)
            all_districts += self.build_cp_area(ward, area, cp_name, groups[centre.pk], index, showcase)

        # Ward-wide partners.
        for name in self.rng.sample(TAXI, 2):
            self.organisation(kind=OrganisationKind.TAXI, name=f"{name} {ward.name[:-1]}営業所", place=ward)
        self.organisation(kind=OrganisationKind.SUPERMARKET, name=f"スーパーまるよし {ward.name[:-1]}店（移動販売）",
                          place=ward)
        care_office = self.organisation(kind=OrganisationKind.CARE_OFFICE,
                                        name=f"{ward.name[:-1]}ケアプランセンター", place=ward)
        self.organisation(kind=OrganisationKind.SHOP, name=f"{self.rng.choice(SHOPS)}（{ward.name}）", place=ward)
        self.organisation(kind=OrganisationKind.NPO, name=f"NPO法人 {ward.name[:-1]}たすけあいの会", place=ward)
        self.user(f"{romaji}-cm", care_office, Role.VIEWER, label=f"{ward.name} ケアマネジャー" if showcase else "")
        officer_districts = all_districts[: min(3, len(all_districts))]
        self.user(f"{romaji}-chiku", ward_council, Role.DISTRICT_OFFICER, districts=officer_districts,
                  label=f"{ward.name}社協 地区担当（{'・'.join(d.name for d in officer_districts)}）" if showcase else "")

    def build_cp_area(self, ward, area, cp_name, blocks, index, showcase) -> list[Place]:
        romaji = ROMAJI[ward.name]
        cp = self.organisation(kind=OrganisationKind.CARE_PLAZA, name=f"{cp_name}地域ケアプラザ", place=area, contacts=2)
        self.organisation(kind=OrganisationKind.SUPPORT_CENTER, name=f"{cp_name}地域包括支援センター", place=area)
        login = NAMED_LOGINS.get(cp_name, f"{romaji}-cp{index:02d}")
        self.user(f"{login}-2so", cp, Role.AREA_COORDINATOR,
                  label=f"{cp_name}地域ケアプラザ 2層Co" if cp_name in NAMED_LOGINS or (showcase and index == 1) else "")
        if cp_name in NAMED_LOGINS:
            self.user(f"{login}-staff", cp, Role.CP_STAFF, label=f"{cp_name}地域ケアプラザ 地域交流Co")

        n_districts = 1 if len(blocks) < 4 else min(3, 2 + len(blocks) // 20)
        centres = _spread(blocks, n_districts, [])
        groups = _nearest_groups(blocks, centres)
        districts = []
        district_no = Place.objects.filter(kind=Kind.DISTRICT, path__startswith=ward.path).count()
        for centre in centres:
            district_no += 1
            dname = f"第{district_no}地区" if ward.name == "中区" else self.district_name(ward, centre)
            district = self.place(kind=Kind.DISTRICT, code=f"{ward.code}-D{district_no:03d}", name=dname,
                                  parent=area, near=centre)
            districts.append(district)
            self.organisation(kind=OrganisationKind.DISTRICT_COUNCIL, name=f"{dname}社会福祉協議会", place=district)
            self.build_associations(ward, district, groups[centre.pk])
        group = self.rng.choice(VOLUNTEER_GROUPS)
        self.organisation(kind=OrganisationKind.VOLUNTEER_GROUP, name=f"{cp_name} {group}の会", place=area)
        if self.rng.random() < 0.5:
            self.organisation(kind=OrganisationKind.SERVICE_B, name=f"{cp_name}お助け隊（サービスB）", place=area)
        return districts

    def district_name(self, ward, centre) -> str:
        """A name no other district of the city has: two districts of one ward both called 本牧地区
        (two centres in 本牧町一丁目 and 本牧町二丁目) could not be told apart in a list, a memo's
        place or the liaison pack, and lists that show districts without their ward need the
        city-wide difference. Tried in turn: the town's stem, the town without its 丁目, the whole
        町丁目, the ward's name before the stem, and a number as the last resort."""
        if self.district_names is None:
            self.district_names = set(Place.objects.filter(kind=Kind.DISTRICT).values_list("name", flat=True))
        base = stem(centre.name)
        town = CHOME.sub("", centre.name) or centre.name
        candidates = [f"{base}地区", f"{town}地区", f"{centre.name}地区", f"{ward.name[:-1]}{base}地区"]
        candidates += [f"{base}第{n}地区" for n in range(2, 100)]
        name = next(c for c in candidates if c not in self.district_names)
        self.district_names.add(name)
        return name

    def build_associations(self, ward, district, blocks) -> None:
        if not blocks:
            return
        special = ward.name == "磯子区" and district.parent.name.startswith("屛風ヶ浦")
        n = max(1, min(4, len(blocks) // 3))
        centres = _spread(blocks, n, [])
        groups = _nearest_groups(blocks, centres)
        for i, centre in enumerate(centres, start=1):
            if special and i == 1 and not Place.objects.filter(name="久良岐丘自治会").exists():
                name = "久良岐丘自治会"
            else:
                name = f"{stem(centre.name)}{'自治会' if i % 2 else '町内会'}"
            association = self.place(kind=Kind.ASSOCIATION, code=f"{district.code}-A{i:02d}", name=name,
                                     parent=district, near=centre)
            self.organisation(kind=OrganisationKind.ASSOCIATION, name=name, place=association)
            moved = groups[centre.pk]
            for block in moved:
                block.parent = association
                block.path = f"{association.path}{block.pk}/"
                block.depth = association.depth + 1
                block.search_text = search_text(block.name, block.code)
            Place.objects.bulk_update(moved, ["parent", "path", "depth"], batch_size=500)


def demo_loaded() -> bool:
    return Organisation.objects.filter(name="横浜市社会福祉協議会").exists()
