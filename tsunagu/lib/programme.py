"""The programme's fixed vocabularies: the three pillars and the coordinators' three functions.

They are the same in every city's 生活支援体制整備事業 (the national guidelines define them), so
they are TextChoices, not editable lists. The directory's top categories use the same three
pillar names; memos, sheets, plans and hearings tag their records with these values.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    GATHERING = "gathering", _("交流・居場所")
    DAILY_SUPPORT = "daily_support", _("生活支援")
    WATCHING = "watching", _("見守り・つながり")


class CoordinatorFunction(models.TextChoices):
    RESOURCE_DEVELOPMENT = "resource_development", _("資源開発")
    NETWORK = "network", _("ネットワーク構築")
    MATCHING = "matching", _("ニーズと取組のマッチング")
