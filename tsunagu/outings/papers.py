"""The papers of an outing day, A4, large type, black on white so that they survive a FAX:

- 配車表 for the taxi company (PDF and .xlsx): per car, the pickup order, names, addresses, times,
  needs, the destination and the expected fare. Only riders who consented to share their name,
  address and needs with the company are named; the others appear as a stop without them, and
  the organiser tells the driver on the day.
- お出かけのご案内 for each rider (large print, one page each): when and where the car comes, which
  car, when they are back, what to bring, whom to call.
- 配車依頼書: 南区's request to a company for the day's cars, with a reply box the company fills in
  and faxes back (受付 → 確定, recorded as the booking's steps).
- 提案書: the form a company fills to say what it can offer (cars, districts, fares, help).

All through tsunagu/lib/pdf.py (the project's Japanese font); dates in 和暦 as letters print them.
A day's papers are a few pages, laid out in the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.lib import dates
from tsunagu.lib.pdf import Rendered, render_pdf
from tsunagu.lib.spreadsheets import new_workbook, print_on_a4, workbook_bytes
from tsunagu.outings import planning
from tsunagu.outings.models import BookingStatus, OutingDay, TaxiCompany
from tsunagu.outings.plan_models import Direction

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "outing-papers.css"
WEEKDAYS = "月火水木金土日"


def _css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def clock(minute: float) -> str:
    m = int(round(minute))
    return f"{m // 60}:{m % 60:02d}"


def day_text(day: OutingDay) -> str:
    """令和8年12月10日（木）"""
    text = dates.document_date(day.date)
    return text if dates.english() else f"{text}（{WEEKDAYS[day.date.weekday()]}）"


def direction_label(direction: str) -> str:
    return str(Direction(direction).label) if direction else ""


def filename(day: OutingDay, what: str, direction: str, ext: str, company: TaxiCompany | None = None) -> str:
    """配車表_行き_お買物ツアー_みなと交通_令和8年12月10日.pdf"""
    parts = [what, direction_label(direction), day.outing.title, company.name if company else "",
             dates.document_date(day.date)]
    return ("_".join(p for p in parts if p) + f".{ext}").replace("/", "・")


# --- 配車表 ---------------------------------------------------------------------------------------


@dataclass
class SheetStop:
    number: int
    time: str
    kind: str                 # 乗車 / 降車
    names: list[str]          # consenting riders' names; 「（同意なし）」 for the others
    address: str
    landmark: str
    needs: list[str]
    phone: str
    at_destination: bool


@dataclass
class SheetCar:
    name: str
    company: str
    km: float
    fare: int
    people: int
    stops: list[SheetStop] = field(default_factory=list)
    first: str = ""
    last: str = ""


def _company_of_car(car: planning.Car) -> int | None:
    """A car's booking from its key (plan_services.cars_on: "<booking pk>.<n>")."""
    head = car.key.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def sheet_cars(day: OutingDay, reading, layout: planning.Layout, company: TaxiCompany | None = None) -> list[SheetCar]:
    bookings = {b.pk: b for b in day.bookings.select_related("company")}
    hidden = _("（ご本人の同意がないため氏名・住所は記載していません。当日、主催者からお伝えします）")
    cars = []
    for car in layout.cars:
        booking = bookings.get(_company_of_car(car.car))
        if company is not None and (booking is None or booking.company_id != company.pk):
            continue
        if not car.stops:
            continue
        sheet = SheetCar(car.car.name, booking.company.name if booking else "", car.km, car.fare, car.people)
        # The stops at the destination are one row: everyone gets out (or in) there.
        at_destination = [s for s in car.stops if s.at_destination]
        n = 0
        for stop in car.stops:
            if stop.at_destination:
                if stop is not at_destination[0]:
                    continue
                n += 1
                span = clock(stop.minute) if len(at_destination) == 1 else \
                    f"{clock(at_destination[0].minute)}〜{clock(at_destination[-1].minute)}"
                sheet.stops.append(SheetStop(
                    number=n, time=span, kind=_("降車") if stop.kind == "dropoff" else _("乗車"),
                    names=[_("全員（%(n)s人）") % {"n": sum(s.group.people for s in at_destination)}],
                    address=day.outing.destination_label, landmark=day.outing.destination_address, needs=[],
                    phone="", at_destination=True))
                continue
            n += 1
            people = [reading.people.get(r.key) for r in stop.group.riders]
            shared = [p for p in people if p is not None and p.consented]
            names = [_("%(name)sさん") % {"name": p.name} + (f"（{_('付き添いあり')}）" if p.companion else "")
                     for p in shared]
            if len(shared) < len(people):
                names.append(hidden)
            first = shared[0] if shared and shared[0] is people[0] else None
            sheet.stops.append(SheetStop(
                number=n, time=clock(stop.minute), kind=_("乗車") if stop.kind == "pickup" else _("降車"), names=names,
                address=first.address if first else "", landmark=first.pickup_note if first else "",
                needs=[label for p in shared for label in p.needs_labels], phone=first.phone if first else "",
                at_destination=False))
        sheet.first, sheet.last = sheet.stops[0].time, sheet.stops[-1].time
        cars.append(sheet)
    return cars


def _sheet_context(day, reading, layout, company) -> dict:
    direction = reading.plan.direction
    at = day.arrive_by if direction == Direction.TO else day.leave_at
    return {"day": day, "outing": day.outing, "day_text": day_text(day), "direction": direction_label(direction),
            "to": direction == Direction.TO, "at": at, "cars": sheet_cars(day, reading, layout, company),
            "company": company, "printed_at": timezone.now(), "total": layout.total}


def company_sheet_pdf(day: OutingDay, reading, layout: planning.Layout, *, company: TaxiCompany | None = None) -> Rendered:
    html = render_to_string("outings/papers/company_sheet_pdf.html", _sheet_context(day, reading, layout, company))
    return render_pdf(html, stylesheets=[_css()])


def company_sheet_workbook(day: OutingDay, reading, layout: planning.Layout, *, company: TaxiCompany | None = None) -> bytes:
    """The same sheet as a workbook, one worksheet a car, printable on A4."""
    from openpyxl.styles import Alignment, Border, Font, Side

    context = _sheet_context(day, reading, layout, company)
    book = new_workbook()
    book.remove(book.active)
    thin = Side(style="thin", color="000000")
    for number, car in enumerate(context["cars"] or [], start=1):
        # A worksheet's name may not hold : / ? * [ ] \ — the car's number is enough on the tab.
        sheet = book.create_sheet(car.name.split("（", 1)[0][:20] if car.name[:1].isdigit() else f"{number}")
        sheet.append([f"{_('配車表')}　{context['direction']}　{day.outing.title}"])
        sheet["A1"].font = Font(bold=True, size=16)
        sheet.append([f"{context['day_text']}　{car.name}"])
        sheet.append([f"{_('行き先')}：{day.outing.destination_label}　{day.outing.destination_address}"])
        sheet.append([f"{_('見込み運賃')}：{car.fare:,}{_('円')}（{car.km:.1f}km）"])
        sheet.append([])
        sheet.append([_("順"), _("時刻"), _("乗降"), _("お名前"), _("住所・目印"), _("配慮"), _("電話")])
        header = sheet.max_row
        for stop in car.stops:
            sheet.append([stop.number, stop.time, stop.kind, "\n".join(stop.names),
                          "\n".join(p for p in (stop.address, stop.landmark) if p), "・".join(stop.needs), stop.phone])
        for col, width in zip("ABCDEFG", [5, 8, 7, 28, 40, 18, 16], strict=True):
            sheet.column_dimensions[col].width = width
        for row in sheet.iter_rows(min_row=header, max_row=sheet.max_row):
            for cell in row:
                cell.font = Font(size=13, bold=cell.row == header)
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        print_on_a4(sheet, title_rows=f"{header}:{header}", landscape=True)
    if not book.worksheets:
        book.create_sheet(_("配車表")).append([_("この会社の車はこの日の計画にありません。")])
    return workbook_bytes(book)


# --- お出かけのご案内 -------------------------------------------------------------------------------


@dataclass
class Notice:
    name: str
    address: str
    landmark: str
    going: dict | None = None     # {"time", "car", "company", "arrive"}
    coming: dict | None = None    # {"time", "car", "company", "home"}
    bring: list[str] = field(default_factory=list)
    pay: int | None = None


def _rides_by_rider(reading, layout) -> dict[str, tuple[planning.CarPlan, planning.Ride, planning.Share]]:
    found = {}
    for car in layout.cars:
        for ride in car.rides:
            for share in ride.shares:
                found[share.rider.key] = (car, ride, share)
    return found


def notices(day: OutingDay, readings: dict) -> list[Notice]:
    reading, layout = readings[Direction.TO]
    going = _rides_by_rider(reading, layout)
    coming = _rides_by_rider(*readings[Direction.BACK]) if Direction.BACK in readings else {}
    found = []
    for key, person in reading.people.items():
        notice = Notice(person.name, person.address, person.pickup_note)
        pay = 0
        if key in going:
            car, ride, share = going[key]
            notice.going = {"time": clock(ride.boards - _service(reading, ride)), "car": car.car.name,
                            "arrive": clock(ride.arrives)}
            pay += share.to_pay
        if key in coming:
            car, ride, share = coming[key]
            notice.coming = {"time": clock(ride.boards - _service(readings[Direction.BACK][0], ride)),
                             "car": car.car.name, "home": clock(ride.arrives)}
            pay += share.to_pay
        notice.pay = pay
        if person.ticket_holder:
            notice.bring.append(_("福祉タクシー利用券（%(n)s枚）") % {"n": person.tickets or 1})
        if person.disability_certificate:
            notice.bring.append(_("障害者手帳（運賃が割引になります）"))
        if person.walking_aid:
            notice.bring.append(_("杖・歩行器"))
        notice.bring += [_("運賃（おつりのないようご用意ください）"), _("お買い物袋・お薬手帳・保険証")]
        found.append(notice)
    return found


def _service(reading, ride: planning.Ride) -> float:
    index = reading.built.request_of_key()[ride.group.key]
    return reading.built.problem.nodes[reading.built.problem.requests[index].pickup].service


def notices_pdf(day: OutingDay, readings: dict, *, contact: str = "") -> Rendered:
    outing = day.outing
    html = render_to_string("outings/papers/notices_pdf.html", {
        "day": day, "outing": outing, "day_text": day_text(day), "notices": notices(day, readings),
        "contact": contact or outing.organiser})
    return render_pdf(html, stylesheets=[_css()])


# --- 配車依頼書 and 提案書 ----------------------------------------------------------------------------


def request_context(day: OutingDay, company: TaxiCompany, *, contact: str = "") -> dict:
    from tsunagu.outings import plan_services

    bookings = [b for b in day.bookings.filter(company=company).select_related("vehicle")
                if b.status not in (BookingStatus.DECLINED, BookingStatus.CANCELLED)]
    riders = list(plan_services.riders_on(day))
    return {"day": day, "outing": day.outing, "day_text": day_text(day), "company": company, "bookings": bookings,
            "cars": sum(b.count for b in bookings), "riders": len(riders),
            "wheelchairs": sum(1 for p in riders if p.wheelchair),
            "companions": sum(1 for p in riders if p.companion),
            "contact": contact or day.outing.organiser, "written_on": dates.document_date(timezone.localdate())}


def request_pdf(day: OutingDay, company: TaxiCompany, *, contact: str = "") -> Rendered:
    html = render_to_string("outings/papers/request_pdf.html", request_context(day, company, contact=contact))
    return render_pdf(html, stylesheets=[_css()])


def proposal_pdf(outing) -> Rendered:
    days = [day_text(d) for d in outing.days.all()]
    html = render_to_string("outings/papers/proposal_pdf.html", {
        "outing": outing, "days": days, "written_on": dates.document_date(timezone.localdate()),
        "blank_rows": range(4)})
    return render_pdf(html, stylesheets=[_css()])
