"""The public search's 20 result cards, written out in Python.

The same markup the template loop wrote, without a template render per card: resolving a card's
dozen variables and translations through the template engine was a fifth of the page's time at
a city's size (bench/search.py). The view prepares each listing (url, marks, schedule_text).
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def result_cards(context, listings, picked=None) -> str:
    free, pickup = escape(gettext("無料")), escape(gettext("送迎あり"))
    pick = _list_button(context, picked) if picked is not None else None
    cards = []
    for item in listings:
        marks = "".join(f'<span class="role-badge">{escape(icon)} {escape(name)}</span> ' for icon, name in item.marks)
        status = ""
        if item.status != "active":
            status = f'<span class="status status-{escape(item.status)}">{escape(str(item.get_status_display()))}</span>'
        when = f'<p class="when">{escape(item.schedule_text)}</p>' if item.schedule_text else ""
        where = (f"{escape(item.location.name)}（{escape(item.place.name)}）" if item.location_id
                 else escape(item.place.name))
        extras = (f"・<strong>{free}</strong>" if item.is_free else "") + (f"・{pickup}" if item.has_pickup else "")
        distance = getattr(item, "distance_text", "")
        if distance:
            distance = f'<p class="distance">{escape(distance)}</p>'
        cards.append(
            f'<li class="result card"><h3><a href="{escape(item.url)}">{escape(item.name)}</a></h3>'
            f'{distance}<p class="meta">{marks}{status}</p>{when}<p>{where}{extras}</p>'
            f'{pick(item) if pick else ""}</li>'
        )
    if not cards:
        # Outside the f-string, where makemessages finds it.
        nothing = gettext("見つかりませんでした。ことばを短くするか、条件を減らしてみてください。")
        cards.append(f"<li>{escape(nothing)}</li>")
    return mark_safe("\n".join(cards))


def _list_button(context, picked):
    """「リストに入れる」 on each card (list_views.list_add), or 「リストに入っています」 once picked."""
    from django.middleware.csrf import get_token
    from django.urls import reverse

    request = context["request"]
    token, action, back = escape(get_token(request)), escape(reverse("public:list_add")), escape(
        request.get_full_path())
    add, added = escape(gettext("リストに入れる")), escape(gettext("リストに入っています"))
    picked = set(picked)

    def button(item) -> str:
        if item.pk in picked:
            return f'<p class="picked" id="pick-{item.pk}">✓ {added}</p>'
        return (f'<form method="post" action="{action}" class="pick" id="pick-{item.pk}"><input type="hidden" name="csrfmiddlewaretoken" '
                f'value="{token}"><input type="hidden" name="pk" value="{item.pk}"><input type="hidden" name="next" '
                f'value="{back}#pick-{item.pk}"><button type="submit" class="secondary">{add}</button></form>')

    return button
