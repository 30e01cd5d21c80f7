"""The directory's starting taxonomy: the three pillars Yokohama files everything under, and
the categories the casebook names. Staff edit the tree afterwards; this only seeds it."""

from __future__ import annotations

PILLARS = [
    ("kouryu", "交流・居場所", "こうりゅう・いばしょ", "🤝", [
        ("salon", "サロン", "さろん", "☕"),
        ("kaishoku", "会食", "かいしょく", "🍚"),
        ("taiso", "体操・運動", "たいそう・うんどう", "🤸"),
        ("shumi", "趣味", "しゅみ", "🎨"),
        ("ibasho", "居場所", "いばしょ", "🏠"),
        ("ninchisho-cafe", "認知症カフェ", "にんちしょうかふぇ", "🫖"),
        # Last in its pillar so that databases seeded before it keep their order (seed() numbers by position).
        ("kodomo-shokudo", "子ども食堂", "こどもしょくどう", "🍙"),
    ]),
    ("seikatsu", "生活支援", "せいかつしえん", "🧺", [
        ("idou-hanbai", "移動販売", "いどうはんばい", "🚚"),
        ("idou-shien", "移動支援", "いどうしえん", "🚐"),
        ("haishoku", "配食", "はいしょく", "🍱"),
        ("kaimono", "買物支援", "かいものしえん", "🛒"),
        ("kaji", "家事援助", "かじえんじょ", "🧹"),
        ("houmon-ribiyou", "訪問理美容", "ほうもんりびよう", "💇"),
        ("fukushi-taxi", "福祉タクシー", "ふくしたくしー", "🚕"),
        ("demae", "出前・宅配", "でまえ・たくはい", "📦"),
        ("touyu", "灯油配達", "とうゆはいたつ", "🛢"),
        ("senmon", "まちの専門業者", "まちのせんもんぎょうしゃ", "🔧"),
    ]),
    ("mimamori", "見守り・つながり", "みまもり・つながり", "👀", [
        ("mimamori-katsudou", "見守り活動", "みまもりかつどう", "👋"),
        ("koekake", "声かけ・訪問", "こえかけ・ほうもん", "🚪"),
        ("soudan", "相談", "そうだん", "💬"),
    ]),
]


def seed(Category) -> int:
    """Create the pillars and categories that are missing (by code); returns how many."""
    created = 0
    for order, (code, name, kana, icon, children) in enumerate(PILLARS):
        pillar, made = Category.objects.get_or_create(
            code=code, defaults={"name": name, "name_kana": kana, "icon": icon, "sort_order": order}
        )
        created += made
        for child_order, (c_code, c_name, c_kana, c_icon) in enumerate(children):
            _, made = Category.objects.get_or_create(
                code=c_code,
                defaults={"name": c_name, "name_kana": c_kana, "icon": c_icon, "sort_order": child_order,
                          "parent": pillar},
            )
            created += made
    return created
