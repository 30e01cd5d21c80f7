"""Names the demo gives people, groups and businesses, and the stem of a town's name: shared by
the places and accounts (yokohama.py) and the listings (listings.py)."""

from __future__ import annotations

import re

SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木",
            "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山﨑", "森", "池田", "橋本", "阿部", "石川", "髙橋",
            "前田", "藤田", "小川", "岡田", "後藤", "長谷川", "村上", "近藤", "石井", "坂本", "遠藤", "青木", "藤井"]
GIVEN = ["陽子", "恵子", "京子", "洋子", "裕子", "直美", "由美", "真理", "和子", "智子", "健一", "誠", "浩", "隆",
         "博", "茂", "修", "大輔", "亮", "翔太", "美咲", "さくら", "陽菜", "結衣", "敏子", "典子", "有紀", "哲也"]
VOLUNTEER_GROUPS = ["ふれあい", "ささえあい", "ひだまり", "なかよし", "いきいき", "たすけあい", "ほっと", "すずらん"]
TAXI = ["つばめ交通", "みなと自動車", "はまかぜタクシー", "さくら交通", "あおぞらタクシー", "ひまわり交通"]
SHOPS = ["まちの八百屋 さかた", "田中米店", "出張理美容 はさみ", "灯油配達 ほのか燃料", "クリーニング白洋"]

CHOME = re.compile(r"[一二三四五六七八九十]+丁目$")


def stem(town: str) -> str:
    """簑沢 → 簑沢; 相生町一丁目 → 相生; 大場町 → 大場."""
    base = CHOME.sub("", town)
    if base.endswith("町") and len(base) > 2:
        base = base[:-1]
    return base or town
