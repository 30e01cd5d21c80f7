"""A shared-log entry saved by two members at once (the weekly visit written up by the 2層Co while
the 1層Co adds a line): the same conflict screen as memos and sheets (tsunagu/lib/conflicts.py,
templates/includes/conflict.html). The entry's state is flat JSON so that it travels in the
screen's hidden "mine" and comes back as EntryForm's data, checked like anything typed."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from tsunagu.lib.conflicts import Field, choice_field, text_field
from tsunagu.projects.models import LogEntry


def state_of_entry(entry: LogEntry) -> dict:
    return {"date": entry.date.isoformat(), "body": entry.body, "sensitive": "1" if entry.sensitive else ""}


def state_of_form(cleaned: dict) -> dict:
    return {"date": cleaned["date"].isoformat(), "body": cleaned["body"].replace("\r\n", "\n").strip(),
            "sensitive": "1" if cleaned.get("sensitive") else ""}


def form_data(state: dict, version: int) -> MultiValueDict:
    data = MultiValueDict({"date": [str(state.get("date") or "")], "body": [str(state.get("body") or "")],
                           "version": [str(version)]})
    if state.get("sensitive"):
        data["sensitive"] = "on"
    return data


def fields() -> list[Field]:
    label = lambda name: str(LogEntry._meta.get_field(name).verbose_name)  # noqa: E731
    return [Field("date", label("date")), text_field("body", label("body")),
            choice_field("sensitive", label("sensitive"), [("1", _("はい")), ("", _("いいえ"))])]
