from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from tests.shared_rows import shareable
from tsunagu.directory.models import Category, Listing, Location, Schedule, Status, Visibility


def make_listing(place, name, *, kana="", visibility=Visibility.PUBLIC, status=Status.ACTIVE, categories=(),
                 byday="TU", freq="WEEKLY", confirmed_days_ago=30, **fields):
    location = Location.objects.create(name=f"{name}の会場", latitude=35.42, longitude=139.63)
    listing = Listing.objects.create(
        name=name, name_kana=kana, place=place, visibility=visibility, status=status, location=location,
        organiser_name=fields.pop("organiser_name", "テストの会"),
        confirmed_at=timezone.now() - timedelta(days=confirmed_days_ago), confirmed_by="テスト", **fields,
    )
    if categories:
        listing.categories.set(Category.objects.filter(code__in=categories))
    Schedule.objects.create(listing=listing, freq=freq, byday=byday, opens_at=time(10), closes_at=time(12))
    listing.weekday_mask = listing.compute_weekday_mask()
    listing.save(update_fields=["weekday_mask"])
    return listing


_listings_rows, listings = shareable("listings", lambda world: make_listings(world))


def make_listings(world):
    from types import SimpleNamespace

    return SimpleNamespace(
        taiso=make_listing(world.d6, "いきいき体操", kana="いきいきたいそう", categories=["taiso"], intensity=2),
        salon=make_listing(world.minosawa, "簑沢ふれあいサロン", kana="みのさわふれあいさろん", categories=["salon"],
                           is_free=True, byday="2TH,4TH", freq="MONTHLY"),
        staff_only=make_listing(world.minosawa, "職員向け配食リスト", kana="しょくいんむけはいしょくりすと",
                                visibility=Visibility.STAFF, categories=["haishoku"]),
        draft=make_listing(world.minosawa, "準備中の下書きサロン", kana="じゅんびちゅうのしたがきさろん",
                           visibility=Visibility.DRAFT),
        ended=make_listing(world.minosawa, "終わった会食会", kana="おわったかいしょくかい", status=Status.ENDED,
                           status_reason="代表者の転居のため"),
        isogo=make_listing(world.kuraki, "久良岐丘移動販売", kana="くらきがおかいどうはんばい",
                           categories=["idou-hanbai"], byday="WE"),
    )
