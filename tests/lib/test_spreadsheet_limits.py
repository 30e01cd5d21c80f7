"""Imported files are bounded: size, rows, columns and the length of a cell, each refused with a
Japanese message naming the limit — and refused while streaming, before a huge cell is built."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from tsunagu.lib import spreadsheets
from tsunagu.lib.spreadsheets import Limits, SpreadsheetError, read_table

SMALL = Limits(bytes=1024 * 1024, rows=5, columns=4, cell=50, header=10)


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shared(data: bytes, placeholder: str) -> bytes:
    """The workbook with its first cell's text moved to the shared strings, as Excel writes it
    (openpyxl writes inline strings)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(f'<c r="A1" t="inlineStr"><is><t>{placeholder}</t></is></c>'.encode(),
                                          b'<c r="A1" t="s"><v>0</v></c>')
            elif info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                          b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                                          b'+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdShared" Type="http://schemas.'
                                          b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                          b'Target="sharedStrings.xml"/></Relationships>')
            target.writestr(info.filename, content)
        target.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
                        f'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{placeholder}</t></si></sst>')
    return out.getvalue()


def with_huge_string(data: bytes, placeholder: str, size: int) -> bytes:
    """The workbook with one text replaced by `size` characters, written in pieces (the file
    stays a few hundred KB: it compresses)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if placeholder.encode() not in content:
                target.writestr(info.filename, content)
                continue
            before, after = content.split(placeholder.encode())
            with target.open(info.filename, "w", force_zip64=True) as handle:
                handle.write(before)
                piece = b"a" * (1 << 20)
                for _ in range(size // len(piece)):
                    handle.write(piece)
                handle.write(after)
    return out.getvalue()


def refused(data: bytes, name: str, limits: Limits = SMALL) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_table(data, name, limits)
    return str(caught.value)


def csv(rows) -> bytes:
    return "\r\n".join(",".join(r) for r in rows).encode()


@pytest.mark.parametrize("strings", ["inline", "shared"])
def test_a_200_mb_heading_in_a_small_workbook_is_refused_without_being_read(monkeypatch, strings):
    data = workbook([["HUGE", "住所"], ["サロン", "中区"]])
    if strings == "shared":
        data = shared(data, "HUGE")
    data = with_huge_string(data, "HUGE", 200 * 1024 * 1024)
    assert len(data) < 1024 * 1024  # the 205 KB file of the issue

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read the workbook")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    tracemalloc.start()
    try:
        message = refused(data, "見出し.xlsx", Limits())  # the defaults
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == "1行目の見出しが長すぎます（A 列。最大 100 文字）。"
    assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.0f} MB held while reading a 200 MB cell"


def test_a_workbook_that_would_unpack_past_the_limit_is_refused_unopened():
    data = with_huge_string(workbook([["HUGE"], ["x"]]), "HUGE", 8 * 1024 * 1024)
    message = refused(data, "爆弾.xlsx", Limits(unpacked=4 * 1024 * 1024))
    assert message == "ファイルの中身が大きすぎます（展開すると 4 MB を超えます）。"


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_rows_columns_and_cells_past_their_limits_are_refused_naming_the_limit(kind):
    def make(rows):
        return workbook(rows) if kind == "xlsx" else csv(rows)

    name = f"一覧.{kind}"
    header = ["名称", "住所"]
    assert read_table(make([header] + [["a", "b"]] * 5), name, SMALL).rows  # at the limits: fine
    assert refused(make([header] + [["a", "b"]] * 6), name) == \
        "行が多すぎます（最大 5 行）。ファイルを分けて、何回かに分けて取り込んでください。"
    assert refused(make([header + ["c", "d", "e"], ["a"]]), name) == \
        "列が多すぎます（1行目の E 列。最大 4 列）。使わない列を消してから、もう一度お試しください。"
    assert refused(make([header, ["a", "b"], ["a", "x" * 51]]), name) == "3行目 B 列のセルが長すぎます（最大 50 文字）。"
    assert refused(make([["名称" * 6, "住所"], ["a", "b"]]), name) == "1行目の見出しが長すぎます（A 列。最大 10 文字）。"


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(spreadsheets, "decode_csv", lambda data: pytest.fail("the file was decoded"))
    message = refused(b"a,b\r\n" * 300_000, "大きい.csv")
    assert message == "ファイルが大きすぎます（最大 1 MB）。行を分けるなどして小さくしてから、もう一度お試しください。"


def test_a_csv_field_past_the_csv_modules_own_limit_gets_the_same_kind_of_message():
    message = refused(b"name,address\r\nx,\"" + b"y" * 200_000 + b"\"\r\n", "長い.csv",
                      Limits(cell=10_000, bytes=10 * 1024 * 1024))
    assert message == "2行目に長すぎるセルがあります（最大 10000 文字）。"
