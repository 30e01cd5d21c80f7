from django.db import migrations, models

FACETS = ["visibility", "status", "weekday_mask", "is_free", "has_pickup", "intensity"]


class Migration(migrations.Migration):
    """Indexes for results.py: a reading-order walk that tests the filters inside the index, and a
    place index carrying the filters for the narrow fetch of short lists."""

    dependencies = [
        ("directory", "0006_listing_reading_order"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="listing", name="listing_reading_order"),
        migrations.AddIndex(
            model_name="listing",
            index=models.Index(fields=["name_kana", "name", "id", "place", *FACETS], name="listing_reading_walk"),
        ),
        migrations.AddIndex(
            model_name="listing",
            index=models.Index(fields=["place", *FACETS, "name_kana", "name", "id"], name="listing_place_facets"),
        ),
    ]
