# Issue 12 was built in parallel: the synonyms and search words, the rest days, the import's
# schedule check and the nearby tables each follow 0008; this joins them (no operations).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0009_listing_schedule_check'),
        ('directory', '0009_nearby_upcoming_dates_shared_lists'),
        ('directory', '0009_schedule_rest_days'),
        ('directory', '0010_search_words'),
    ]

    operations = [
    ]
