"""{% textdiff old new %}: a change in the history as what was removed and added
(tsunagu/lib/textdiff.py), not the two whole texts."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from tsunagu.lib import textdiff as diff

register = template.Library()


@register.simple_tag
def textdiff(old, new):
    if not diff.as_text(old) and not diff.as_text(new):
        return "—"
    return format_html('<span class="textdiff">{}</span>', diff.inline(old, new))


@register.simple_tag
def diff_sides(old, new) -> tuple:
    """The conflict screen's two columns: {% diff_sides a b as pair %} then pair.0, pair.1."""
    return diff.sides(old, new)
