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


@register.simple_tag
def fast_filters(form, skip: str = "q"):
    """Each field of a filter form but ``skip`` as ``<div class="field">`` with its label: selects
    through fast_select, check boxes written as Django's CheckboxInput writes them (label after
    the box), anything else rendered by its widget. The template loop this replaces resolved a
    dozen lookups per field. ``skip`` names the fields written elsewhere, separated by spaces."""
    parts = []
    skipped = set(skip.split())
    for field in form:
        if field.name in skipped:
            continue
        name, html_id, label = escape(field.html_name), escape(field.id_for_label), escape(str(field.label))
        kind = field.widget_type
        if kind == "checkbox":
            checked = " checked" if field.field.widget.check_test(field.value()) else ""
            parts.append(f'<div class="field"><input type="checkbox" name="{name}" id="{html_id}"{checked}> '
                         f'<label for="{html_id}" class="inline-label">{label}</label></div>')
        elif kind == "select":
            parts.append(f'<div class="field"><label for="{html_id}">{label}</label>{fast_select(field)}</div>')
        else:
            parts.append(f'<div class="field"><label for="{html_id}">{label}</label>{field}</div>')
    return mark_safe("\n".join(parts))
