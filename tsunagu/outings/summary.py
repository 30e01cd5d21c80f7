"""After the days: how many came, how many cars, what they cost — per 年度, per district (the
outing's place) and per company — for the report the 1層Co writes at the end of the year. The
.xlsx goes through tsunagu/lib/spreadsheets.py like every export."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tsunagu.lib.fiscal import fiscal_year
from tsunagu.lib.spreadsheets import new_workbook, print_on_a4, workbook_bytes
from tsunagu.outings.models import Attendance, CarFare, OutingDay


@dataclass
class Row:
    year: int
    label: str
    outings: set = field(default_factory=set)
    days: set = field(default_factory=set)
    came: int = 0
    absent: int = 0
    cars: int = 0
    fare: int = 0
    tickets: int = 0

    @property
    def per_rider(self) -> int | None:
        return round(self.fare / self.came) if self.came else None


@dataclass
class Summary:
    by_year: list[Row]
    by_place: list[Row]
    by_company: list[Row]


def summarise(outings) -> Summary:
    """Three tables over the days of these outings that have a record (recorded_at set)."""
    days = list(OutingDay.objects.filter(outing__in=outings.values("pk"), recorded_at__isnull=False)
                .select_related("outing__place"))
    by_year: dict[int, Row] = {}
    by_place: dict[tuple[int, str], Row] = {}
    by_company: dict[tuple[int, str], Row] = {}
    day_of = {d.pk: d for d in days}
    attend = defaultdict(lambda: [0, 0])
    for day_id, came in Attendance.objects.filter(day__in=list(day_of)).values_list("day_id", "came"):
        attend[day_id][0 if came else 1] += came is not None
    for day in days:
        year = fiscal_year(day.date)
        for row in (by_year.setdefault(year, Row(year, _("%(year)s年度") % {"year": year})),
                    by_place.setdefault((year, day.outing.place.path), Row(year, day.outing.place.name))):
            row.outings.add(day.outing_id)
            row.days.add(day.pk)
            row.came += attend[day.pk][0]
            row.absent += attend[day.pk][1]
    for fare in CarFare.objects.filter(day__in=list(day_of)).select_related("company"):
        day = day_of[fare.day_id]
        year = fiscal_year(day.date)
        company = by_company.setdefault((year, fare.company.name), Row(year, fare.company.name))
        company.outings.add(day.outing_id)
        company.days.add(day.pk)
        for row in (by_year[year], by_place[(year, day.outing.place.path)], company):
            row.cars += 1
            row.fare += fare.fare
            row.tickets += fare.tickets
    return Summary(
        by_year=[by_year[k] for k in sorted(by_year, reverse=True)],
        by_place=[by_place[k] for k in sorted(by_place, key=lambda k: (-k[0], k[1]))],
        by_company=[by_company[k] for k in sorted(by_company, key=lambda k: (-k[0], k[1]))],
    )


def summary_workbook(summary: Summary, title: str) -> bytes:
    book = new_workbook()
    first = True
    for name, rows, head in [(_("年度ごと"), summary.by_year, _("年度")), (_("地域ごと"), summary.by_place, _("地域")),
                             (_("会社ごと"), summary.by_company, _("タクシー会社"))]:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = name
        sheet.append([title])
        sheet.append([_("年度"), head, _("外出"), _("実施日"), _("参加"), _("欠席"), _("車（台）"), _("運賃（円）"),
                      _("利用券（枚）"), _("1人あたり（円）")])
        for r in rows:
            sheet.append([r.year, r.label, len(r.outings), len(r.days), r.came, r.absent, r.cars, r.fare, r.tickets,
                          r.per_rider if r.per_rider is not None else ""])
        for column, width in zip("ABCDEFGHIJ", (8, 28, 8, 8, 8, 8, 8, 12, 10, 12), strict=True):
            sheet.column_dimensions[column].width = width
        print_on_a4(sheet, title_rows="2:2")
    return workbook_bytes(book)
