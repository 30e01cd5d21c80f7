"""Surveys for the tests, on the cast of tests/conftest.py: one of every kind of question, skip
logic, a shared link and a single-answer link for a group."""

from __future__ import annotations

from types import SimpleNamespace

from tsunagu.surveys import services
from tsunagu.surveys.models import Condition, Kind, Status


def build_survey(place, *, user=None, title="買い物についてのアンケート", status=Status.OPEN, anonymous=True):
    s = SimpleNamespace()
    s.survey = services.create_survey(user=user, place=place, title=title, status=status, anonymous=anonymous,
                                      intro="移動販売の参考にします。")
    add = services.add_question
    s.shop = add(s.survey, kind=Kind.SINGLE, text="ふだんの買い物に困っていますか", required=True,
                 choices_text="困っている\n少し困っている\n困っていない")
    s.troubled = s.shop.choices.get(label="困っている")
    s.fine = s.shop.choices.get(label="困っていない")
    s.why = add(s.survey, kind=Kind.MULTIPLE, text="困っている理由", required=True,
                choices_text="坂がきつい\n店が遠い\n荷物が重い\nその他", show_if_question=s.shop,
                show_if=Condition.IS_NOT, show_if_choice=s.fine)
    s.why.choices.filter(label="その他").update(with_text=True)
    s.hill = s.why.choices.get(label="坂がきつい")
    s.want = add(s.survey, kind=Kind.SCALE, text="移動販売があれば使いたいですか", scale_low="使わない",
                 scale_high="ぜひ使いたい")
    s.age = add(s.survey, kind=Kind.NUMBER, text="年齢", unit="歳", number_min=0, number_max=120)
    s.since = add(s.survey, kind=Kind.DATE, text="今の家に住み始めた日")
    s.place_wish = add(s.survey, kind=Kind.SHORT, text="来てほしい場所")
    s.comment = add(s.survey, kind=Kind.LONG, text="ご意見")
    s.how = add(s.survey, kind=Kind.GRID, text="次のことをどのくらいしますか", choices_text="よく\nときどき\nしない",
                rows_text="買い物\n通院")
    s.often = s.how.choices.get(label="よく")
    s.rows = list(s.how.rows.all())
    s.link = services.add_link(s.survey, user=user, name="回覧板のQRコード")
    s.group_link = services.add_link(s.survey, user=user, name="ひまわり会", once=True)
    return s


def answer_data(s, *, prefix="", **over):
    """A complete, valid answer as posted by the form."""
    p = f"{prefix}-" if prefix else ""
    data = {
        f"{p}q{s.shop.pk}": str(s.troubled.pk),
        f"{p}q{s.why.pk}": [str(s.hill.pk)],
        f"{p}q{s.want.pk}": "4",
        f"{p}q{s.age.pk}": "78",
        f"{p}q{s.since.pk}": "1985-04-01",
        f"{p}q{s.place_wish.pk}": "集会所の前",
        f"{p}q{s.comment.pk}": "週1回来てほしい",
        f"{p}q{s.how.pk}_r{s.rows[0].pk}": str(s.often.pk),
        f"{p}q{s.how.pk}_r{s.rows[1].pk}": str(s.often.pk),
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}
