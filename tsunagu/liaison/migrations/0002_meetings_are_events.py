"""Issue 13: liaison meetings are events of the kind 連絡会 now (events 0003 copied them over)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('liaison', '0001_liaison_meetings'),
        ('events', '0003_liaison_meetings_become_events'),
    ]

    operations = [
        migrations.DeleteModel(
            name='LiaisonMeeting',
        ),
    ]
