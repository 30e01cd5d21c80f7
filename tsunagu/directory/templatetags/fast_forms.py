"""A <select> written out in Python: the markup of Django's widget without one template render
per option (a city's 140 CP areas made the search form the slowest part of the search page).
Plain html.escape rather than format_html per option, for the same reason."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def fast_select(field):
    current = "" if field.value() is None else str(field.value())
    options = "".join(
        f'<option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>{escape(str(label))}</option>'
        for value, label in field.field.choices
    )
    return mark_safe(f'<select name="{escape(field.html_name)}" id="{escape(field.id_for_label)}">{options}</select>')
