"""A memo's photos go into the liaison-meeting pack (連絡会資料) beside what the memo says: small,
as data: URIs (the PDF renderer fetches no URL), at most PHOTOS_PER_MEMO per memo."""

from __future__ import annotations

import subprocess

from tests.attachments.conftest import photo
from tests.liaison.conftest import _ward_records_rows, ward_records  # noqa: F401 (fixtures)
from tsunagu.attachments import services as attachment_services
from tsunagu.liaison import pack, rollup
from tsunagu.lib.pdf import render_pdf


def test_memo_photos_are_in_the_pack_pdf(world, ward_records, settings):  # noqa: F811
    salon = ward_records.salon
    for i in range(pack.PHOTOS_PER_MEMO + 1):
        attachment_services.attachment_add(user=world.minosawa_2so, obj=salon, upload=photo(f"{i}.jpg"))
    period = rollup.period_for("year", today=ward_records.today)
    summary = rollup.ward_summary(user=world.naka_1so, ward=world.naka, period=period, meeting=ward_records.meeting,
                                  links=False)
    made = pack.build(user=world.naka_1so, summary=summary)
    on_paper = {m.pk: m for part in made.memos for m in part.on_paper}
    assert len(on_paper[salon.pk].photos) == pack.PHOTOS_PER_MEMO
    assert all(src.startswith("data:image/jpeg;base64,") for src in on_paper[salon.pk].photos)
    assert all(m.photos == [] for pk, m in on_paper.items() if pk != salon.pk)
    html = pack.pdf_html(made)
    assert html.count('<img src="data:image/jpeg;base64,') == pack.PHOTOS_PER_MEMO
    rendered = render_pdf(html, stylesheets=[pack.PDF_CSS])
    out = settings.BASE_DIR / "var" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pack-memo-photos.pdf").write_bytes(rendered.pdf)
    images = subprocess.run(["pdfimages", "-list", str(out / "pack-memo-photos.pdf")], capture_output=True, text=True,
                            check=True).stdout
    assert sum(1 for line in images.splitlines() if " image " in line) >= pack.PHOTOS_PER_MEMO
