"""横浜市's taxi fare since 2026-03-16, the city-wide default every ward starts from. Ward staff record
a new tariff (with its own valid-from date) when the fare changes; this one stays for the days it
covered."""

from datetime import date, time

from django.db import migrations


def seed(apps, schema_editor):
    Tariff = apps.get_model("outings", "Tariff")
    if Tariff.objects.filter(place__isnull=True, company__isnull=True, valid_from=date(2026, 3, 16)).exists():
        return
    Tariff.objects.create(
        name="横浜市 タクシー運賃（2026年3月16日改定）", valid_from=date(2026, 3, 16),
        first_metres=1000, first_fare=500, step_metres=214, step_fare=100,
        night_percent=20, night_from=time(22, 0), night_until=time(5, 0), disability_percent=10,
        ticket_value=500, tickets_per_ride=None,
        note="初乗り1.0kmまで500円、以降214mごとに100円。22時〜翌5時は2割増。障害者手帳の提示で1割引。"
             "福祉タクシー利用券は1枚500円、1回の乗車で複数枚使える。",
    )


def unseed(apps, schema_editor):
    apps.get_model("outings", "Tariff").objects.filter(place__isnull=True, company__isnull=True,
                                                       valid_from=date(2026, 3, 16)).delete()


class Migration(migrations.Migration):
    dependencies = [("outings", "0001_taxis_outings")]
    operations = [migrations.RunPython(seed, unseed)]
