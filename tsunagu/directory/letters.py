"""確認のお願い: printed letters asking each organiser whether their listing is still right.

One A4 letter per listing, in large type for readers in their seventies and eighties: what is
on file now, what to do if nothing changed and if something did, the leader's secret link (URL
and QR code) and the phone of the office that answers for the listing. Letters go to the
organisers themselves, by post or by hand, for the leaders who have no e-mail; the e-mail half
of the same request lives in freshness.py.

Which listings: the stale ones (Listing.objects.stale(), not ended) among those the person may
edit, optionally narrowed to a place, or an explicit list of ids. It runs as a job ("letters").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.booklet import qr_svg
from tsunagu.directory.models import LeaderLink, Listing, ListingQuerySet, Status
from tsunagu.jobs.models import Job
from tsunagu.jobs.services import JobFailed, Progress, register
from tsunagu.lib import fiscal, pdf
from tsunagu.people.models import Membership, Organisation, OrganisationKind
from tsunagu.places.models import Kind, Place

# A letter is one A4 page in 14pt type; longer descriptions are cut (the leader sees all online).
DESCRIPTION_CHARS = 80


def stale_listings(user, place: Place | None = None) -> ListingQuerySet:
    """Listings this person may edit that nobody has confirmed for a year (ended ones aside)."""
    listings = Listing.objects.changeable_by(user).stale().exclude(status=Status.ENDED)
    return listings.under(place) if place is not None else listings


def chosen_listings(user, ids) -> ListingQuerySet | None:
    """The listings named by id, or None when any of them is not this person's to edit (→ 404)."""
    try:
        pks = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        return None
    listings = Listing.objects.changeable_by(user).filter(pk__in=pks)
    return listings if listings.count() == len(pks) else None


@dataclass
class Office:
    name: str
    address: str
    phone: str
    person: str


def responsible_office(listing: Listing, cache: dict | None = None) -> Office | None:
    """The office that answers for a listing: the organisation of the staff member named on it
    (where it covers the listing's place); else the care plaza of its CP area; else the ward's
    council of social welfare (区社協)."""
    cache = {} if cache is None else cache
    person = ""
    if listing.responsible_id and listing.responsible.is_active:
        person = str(listing.responsible)
        memberships = (Membership.objects.active().filter(user_id=listing.responsible_id)
                       .select_related("organisation__place"))
        covering = [m.organisation for m in memberships if listing.place.path.startswith(m.organisation.place.path)]
        if covering:
            org = max(covering, key=lambda o: len(o.place.path))
            return Office(org.name, org.address, org.phone, person)
    key = listing.place_id
    if key not in cache:
        area = listing.place.ancestor_of_kind(Kind.CP_AREA)
        ward = listing.place.ancestor_of_kind(Kind.WARD)
        candidates = [(p, kind) for p, kind in ((area, OrganisationKind.CARE_PLAZA), (ward, OrganisationKind.WARD_COUNCIL))
                      if p is not None]
        org = None
        for place, kind in candidates:
            org = Organisation.objects.active().filter(place=place, kind=kind).order_by("pk").first()
            if org:
                break
        cache[key] = org
    org = cache[key]
    if org is None:
        return Office("", "", "", person) if person else None
    return Office(org.name, org.address, org.phone, person)


def _on_file(listing: Listing) -> list[tuple[str, str]]:
    """What residents see now, in the order a leader reads it. Staff-only fields stay out."""
    location = listing.location
    venue = ""
    if location:
        venue = location.name + (f"（{location.address}）" if location.address else "")
    cost = listing.cost
    if listing.is_free:
        cost = "無料" + (f"（{listing.cost}）" if listing.cost and listing.cost not in ("無料", "0円") else "")
    marks = "、".join(word for flag, word in ((listing.has_pickup, "送迎あり"), (listing.wheelchair, "車いす可")) if flag)
    description = " ".join(listing.description.split())
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS - 1] + "…"
    rows = [
        ("名称", listing.name),
        ("運営", listing.organiser),
        ("日時", schedule_rules.describe_all(list(listing.schedules.all()), listing.schedule_note)),
        ("会場", venue),
        ("費用", cost),
        ("対象", listing.get_eligibility_display() + (f"（{listing.eligibility_note}）" if listing.eligibility_note else "")),
        ("申込み", listing.application),
        ("問い合わせ先", " ".join(filter(None, (listing.public_contact_name, listing.public_phone, listing.public_email)))),
        ("送迎・車いす", marks),
        ("内容", description),
    ]
    if listing.status != Status.ACTIVE:
        rows.append(("いまの状態", listing.get_status_display()
                     + (f"（{listing.status_reason}）" if listing.status_reason else "")))
    return [(label, value or "（記載なし）") for label, value in rows]


def letter_context(listing: Listing, link: LeaderLink, base_url: str, office: Office | None) -> dict:
    url = base_url.rstrip("/") + reverse("leader:page", args=[link.token])
    # The public contact is often the office itself (「○○地域ケアプラザ（地域活動の問合せ）」): a
    # letter from that office is then addressed to the group's person in charge instead.
    contact = listing.public_contact_name
    if office and office.name and office.name in contact:
        contact = ""
    return {
        "listing": listing,
        "addressee": listing.organiser or contact or "代表者",
        "contact_name": contact or ("ご担当者" if listing.organiser else ""),
        "rows": _on_file(listing),
        "url": url,
        "qr": qr_svg(url),
        "office": office,
        "confirmed": fiscal.wareki_date(timezone.localtime(listing.confirmed_at).date()) if listing.confirmed_at else "",
    }


def render_letters(listings: list[Listing], *, base_url: str, today=None, on_letter=None, on_page=None) -> pdf.Rendered:
    today = today or timezone.localdate()
    # Each leader needs their own link; made here (once) so that every printed letter works.
    with transaction.atomic():
        links = {listing.pk: LeaderLink.objects.get_or_create(listing=listing)[0] for listing in listings}
    offices: dict = {}
    letters = []
    for done, listing in enumerate(listings, start=1):
        letters.append(letter_context(listing, links[listing.pk], base_url, responsible_office(listing, offices)))
        if on_letter is not None:
            on_letter(done, len(listings))
    context = {"letters": letters, "date": fiscal.wareki_date(today)}
    markup = render_to_string("directory/letters/letters.html", context)
    css = render_to_string("directory/letters/letters.css", context)
    return pdf.render_pdf(markup, stylesheets=[css], on_page=on_page)


@register("letters")
def letters_job(job: Job, progress: Progress) -> None:
    # Reach is checked again: the person's roles may have changed since they pressed the button.
    listings = list(
        Listing.objects.changeable_by(job.owner).filter(pk__in=job.params.get("ids") or [])
        .select_related("place", "location", "organisation", "responsible")
        .prefetch_related("schedules")
        .order_by("place__path", "name_kana", "name")
    )
    if not listings:
        raise JobFailed("印刷できる地域資源がありません（削除されたか、編集できる範囲が変わりました）。")
    count = len(listings)
    total = count * 2

    def on_letter(done: int, _total: int) -> None:
        progress(done, total, f"手紙をまとめています（{done}/{count}件）")

    laid_out = 0

    def on_page(number: int) -> None:
        nonlocal laid_out
        laid_out = max(laid_out, number)
        progress(min(count + laid_out, total - 1), total, f"ページを組んでいます（{laid_out}ページ目）")

    result = render_letters(listings, base_url=job.params["base_url"], on_letter=on_letter, on_page=on_page)
    progress.attach(f"確認のお願い_{count}件.pdf", result.pdf)
    progress(total, total, f"{count}件の確認のお願い（{result.pages}ページ）ができました。", force=True)
    progress.keep({"letters": count, "pages": result.pages, "missing_glyphs": result.missing_glyphs})
