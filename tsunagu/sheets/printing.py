"""A sheet on A4: the same page for the browser's print (sheets/print/) and for the PDF."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string

from tsunagu.lib.pdf import Rendered, render_pdf
from tsunagu.sheets.history import who_wrote
from tsunagu.sheets.models import PlanItem, SectionComment, Sheet

PRINT_CSS = """
@page { size: A4; margin: 14mm 13mm 16mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8.5pt; color: #444; } }
html { font-size: 10pt; line-height: 1.55; color: #111; }
body { margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
.sheet-meta { margin: 0 0 4mm; color: #333; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; padding: 1mm 2mm; background: #e8efe9; border-left: 3pt solid #0f5b3f;
  break-after: avoid; }
h2 .status { float: right; font-size: 9pt; font-weight: 400; }
.text { white-space: pre-wrap; margin: 0 0 2mm; }
.empty { color: #666; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; }
th, td { border: 0.6pt solid #777; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
thead th { background: #f1f4f2; font-size: 9pt; }
tr { break-inside: avoid; }
td.pillar { white-space: nowrap; font-size: 9pt; }
td.memos { font-size: 8.5pt; }
.comments { font-size: 9pt; border: 0.6pt dashed #777; padding: 1mm 2mm; margin: 0 0 2mm; }
.no-print, .print-only-screen { display: none; }
th.w34 { width: 34%; }
th.w12 { width: 12%; }
th.w22 { width: 22%; }
"""


def _memos_readable_by(user):
    # Memos link to plan items (memos depends on sheets, not the reverse): sheets reaches them
    # through that relation and asks the memos' own QuerySet who may read them.
    memos = PlanItem._meta.get_field("memos").related_model.objects
    return memos.live().visible_to(user)


def sheet_context(user, sheet: Sheet) -> dict:
    """What a sheet shows, on screen and on paper: its sections in order with their comments, and
    each plan item with the memos (those this person may read) that serve it."""
    visible_memos = _memos_readable_by(user).select_related("place").order_by("-date", "-pk")
    items = list(sheet.plan_items.annotate(
        memo_count=Count("memos", filter=Q(memos__in=_memos_readable_by(user)), distinct=True)
    # The newest five under each item; the count says how many there are in all.
    ).prefetch_related(Prefetch("memos", queryset=visible_memos[:5], to_attr="visible_memos")))
    comments = Prefetch("comments", queryset=SectionComment.objects.order_by("created_at", "pk"))
    sections = sorted(sheet.sections.prefetch_related(comments).select_related("updated_by"), key=lambda s: s.order)
    who_wrote(sheet, sections)
    return {"sheet": sheet, "sections": sections, "items": items}


def render_sheet_pdf(*, user, sheet: Sheet) -> Rendered:
    html = render_to_string("sheets/sheet_print.html", {**sheet_context(user, sheet), "for_pdf": True})
    return render_pdf(html, stylesheets=[PRINT_CSS])
