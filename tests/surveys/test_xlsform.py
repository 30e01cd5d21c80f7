"""A questionnaire goes out as XLSForm and comes back the same; an XLSForm made elsewhere (ODK,
Kobo) is read by pyxform, and what does not map is named (tsunagu/surveys/xlsform.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from tsunagu.lib.spreadsheets import SpreadsheetError
from tsunagu.surveys import xlsform
from tsunagu.surveys.xlsform import Form, Item

FORM = Form(title="磯子区 移動販売についてのアンケート", form_id="isogo_mobile", items=[
    Item("intro", xlsform.NOTE, "日ごろの買い物について伺います。"),
    Item("shop", xlsform.SINGLE, "ふだん、どこで買い物をしますか", required=True,
         choices=[("super", "スーパー"), ("conv", "コンビニ"), ("none", "自分では行かない")]),
    Item("how", xlsform.MULTIPLE, "どうやって行きますか", choices=[("walk", "徒歩"), ("bus", "バス"), ("car", "車")],
         show_if=("shop", ["super", "conv"])),
    Item("hard", xlsform.SCALE, "買い物はたいへんですか", choices=[("1", "1 楽"), ("5", "5 たいへん")]),
    Item("age", xlsform.NUMBER, "年齢", hint="数字で", show_if=("shop", ["none"]), show_if_not=True),
    Item("weight", xlsform.NUMBER, "荷物の重さ（kg）", decimals=True),
    Item("since", xlsform.DATE, "いつから"),
    Item("name", xlsform.SHORT, "お名前（任意）"),
    Item("wish", xlsform.LONG, "=ご意見があれば"),
    Item("goods", xlsform.GRID, "次のものを買えていますか", choices=[("y", "はい"), ("n", "いいえ")],
         rows=[("fish", "魚"), ("veg", "野菜")]),
])


def test_a_questionnaire_goes_out_and_comes_back_the_same():
    data = xlsform.export_xlsx(FORM)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["survey", "choices", "settings"]
    types = [row[0] for row in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert types[:4] == ["note", "select_one shop_choices", "select_multiple how_choices", "select_one hard_choices"]
    assert "begin_group" in types and "end_group" in types
    # A label starting like a formula stays text in Excel, and comes back unchanged.
    wish = next(r for r in book["survey"].iter_rows(min_row=2) if r[1].value == "wish")
    assert wish[2].data_type == "s" and wish[2].quotePrefix
    back = xlsform.read_form(data)
    assert back.title == FORM.title and back.form_id == "isogo_mobile"
    assert [(i.name, i.kind) for i in back.items] == [(i.name, i.kind) for i in FORM.items]
    by_name = {i.name: i for i in back.items}
    assert by_name["shop"].required and by_name["shop"].choices == FORM.items[1].choices
    assert by_name["how"].show_if == ("shop", ["super", "conv"])
    assert by_name["age"].show_if == ("shop", ["none"]) and by_name["age"].show_if_not
    assert by_name["weight"].decimals and not by_name["age"].decimals
    assert by_name["goods"].rows == [("fish", "魚"), ("veg", "野菜")]
    assert by_name["wish"].label == "=ご意見があれば"
    assert back.notes == []


def _workbook(survey: list[list], choices: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices:
        other = book.create_sheet("choices")
        for row in choices:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_kobo_form_is_read_and_what_does_not_map_is_named():
    data = _workbook(
        [["type", "name", "label::日本語 (ja)", "label::English (en)", "relevant", "calculation"],
         ["start", "start", "", "", "", ""],
         ["select_one yn", "car", "車を運転しますか", "Do you drive?", "", ""],
         ["integer", "trips", "週に何回", "Trips", "${car} = 'yes'", ""],
         ["geopoint", "where", "場所", "Where", "", ""],
         ["text", "why", "理由", "Why", "${trips} > 2", ""],
         ["calculate", "calc", "", "", "", "${trips} * 4"]],
        [["list_name", "name", "label::日本語 (ja)", "label::English (en)"],
         ["yn", "yes", "はい", "Yes"], ["yn", "no", "いいえ", "No"]],
    )
    form = xlsform.read_form(data)
    assert [(i.name, i.kind, i.label) for i in form.items] == [
        ("car", "single", "車を運転しますか"), ("trips", "number", "週に何回"), ("why", "short", "理由")]
    assert form.items[0].choices == [("yes", "はい"), ("no", "いいえ")]
    assert form.items[1].show_if == ("car", ["yes"])
    assert form.items[2].show_if is None
    assert any("geopoint" in n for n in form.notes)
    assert any("calculate" in n for n in form.notes)
    assert any("${trips} > 2" in n for n in form.notes)


def test_a_file_that_is_no_xlsform_is_refused_in_japanese():
    with pytest.raises(SpreadsheetError, match="XLSForm"):
        xlsform.read_form(_workbook([["名前", "年齢"], ["山田", "80"]]))


@pytest.mark.parametrize(("text", "expected"), [
    ("selected(${q}, 'a')", ("q", ["a"])),
    ("selected(${q}, 'a') or selected(${q}, 'b')", ("q", ["a", "b"])),
    ("${q} = 'a'", ("q", ["a"])),
    ("selected(${q}, 'a') and selected(${r}, 'b')", None),
    ("selected(${q}, 'a') or selected(${r}, 'b')", None),
    ("${age} >= 65", None),
    ("", None),
])
def test_skip_logic_is_read_where_it_maps(text, expected):
    assert xlsform.parse_relevant(text) == expected
