"""The area assessments of the demo (issue 15): the city's population as published (imported
once, from the copy in assessment/data), and the coordinators' readings of two wards —
都筑区's mobility-focused assessment and 泉区's, the theme of its monthly liaison meeting. Their
A4 reports are at 地域アセスメント → the ward → 報告書.

Cheap for load_demo: the import reads 18 small files (well under a second); the map's cells are
built the first time a map is opened (assessment/cells.py ensure_built), not here."""

from __future__ import annotations

from tsunagu.assessment import population, services
from tsunagu.assessment.models import Population, Reading
from tsunagu.people.models import Membership, Role
from tsunagu.places.models import Kind, Place

READINGS = {
    "都筑区": (
        "港北ニュータウンの計画的な住宅地は高齢化率が市平均より低いものの、初期に入居した町丁目では75歳以上が急に増えています。"
        "一方、北部・東部の農地と工業地が広がる町丁目は、人数は多くないのに最寄りのサロンや買い物先まで1km以上離れたところがあり、"
        "坂とバスの本数の少なさが重なります。\n"
        "「高齢者等の移動支援を考える会」では、空白地域の候補のうち75歳以上の多い町丁目から、タクシー事業者と"
        "サービスBの送迎を組み合わせた通いの場への移動を検討します。"
    ),
    "泉区": (
        "区全体の高齢化率は市平均を上回り、とくに相鉄いずみ野線沿線の昭和50年代に開発された団地の町丁目で高くなっています。"
        "後期高齢者率の高い町丁目の多くにはサロンがありますが、会食と買い物の場は駅の近くに集まっています。\n"
        "次回の連絡会では、地図で色の濃い町丁目を地区ごとに確かめ、地区社協・自治会の実感と照らし合わせて、"
        "移動販売の候補地と会食の立ち上げ先を話し合います。"
    ),
}


def load_assessment() -> str:
    if Population.objects.exists():
        return "地域アセスメントのデモは読み込み済みです。"
    if not Place.objects.filter(kind=Kind.WARD, name="都筑区").exists():
        return "地域アセスメントのデモは読み込みませんでした（区が見つかりません）。"
    chocho, _estimates = population.import_population(population.DATA_DIR)
    written = 0
    for ward_name, text in READINGS.items():
        ward = Place.objects.filter(kind=Kind.WARD, name=ward_name).first()
        if ward is None or Reading.objects.filter(place=ward).exists():
            continue
        writer = (Membership.objects.active().filter(role=Role.WARD_COORDINATOR,
                                                     organisation__place__path__startswith=ward.path)
                  .select_related("user").order_by("pk").first())
        if writer is not None:
            services.save_reading(writer.user, ward, text, None)
        else:
            Reading.objects.create(place=ward, text=text, written_by=f"{ward_name} 1層Co")
        written += 1
    unplaced = len(chocho.unplaced) if chocho else 0
    return f"地域アセスメントのデモを読み込みました: 人口の行 {chocho.placed if chocho else 0}（結び付けられなかった行 {unplaced}）, 所見 {written}"
