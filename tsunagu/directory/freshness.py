"""Keeping listings fresh: the group's leader confirms or proposes changes through a secret link,
staff approve proposals, residents' reports and leaders' proposals reach the responsible staff,
and confirmation requests go out in bulk.

Who is "responsible" for a listing: the staff member named on it (Listing.responsible); failing
that, the coordinators whose organisation sits at the listing's CP area (2層Co) — and where there
are none, the ward's 1層Co. Everything a leader sends waits for one of them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.directory import services
from tsunagu.directory.models import LeaderLink, Listing, Proposal, Report, Status
from tsunagu.people.models import Membership, Role
from tsunagu.places.models import Kind

# What a leader may propose, with the label shown to them and to the staff who decide (lazy: the
# module loads once, the page's language is the reader's).
PROPOSABLE = {
    "name": gettext_lazy("名称"),
    "description": gettext_lazy("内容"),
    "schedule_note": gettext_lazy("日時"),
    "location_name": gettext_lazy("会場"),
    "address": gettext_lazy("会場の住所"),
    "cost": gettext_lazy("費用"),
    "public_contact_name": gettext_lazy("問い合わせ先"),
    "public_phone": gettext_lazy("電話"),
    "public_email": gettext_lazy("メール"),
    "status": gettext_lazy("状態"),
    "status_reason": gettext_lazy("休止・終了の理由"),
}


def proposable_values(listing: Listing) -> dict[str, str]:
    """The current value of each proposable field, as the leader's form shows it."""
    from tsunagu.directory import schedules as schedule_rules

    location = listing.location
    return {
        "name": listing.name,
        "description": listing.description,
        "schedule_note": schedule_rules.describe_all(list(listing.schedules.all()), listing.schedule_note),
        "location_name": location.name if location else "",
        "address": location.address if location else "",
        "cost": _("無料") if listing.is_free and not listing.cost else listing.cost,
        "public_contact_name": listing.public_contact_name,
        "public_phone": listing.public_phone,
        "public_email": listing.public_email,
        "status": listing.status,
        "status_reason": listing.status_reason,
    }


def site_url(base: str = "") -> str:
    """The site's address for links that leave it (e-mails, print): the configured public address,
    else the one the request came in on."""
    return (settings.TSUNAGU_PUBLIC_URL or base).rstrip("/")


def leader_link(listing: Listing) -> LeaderLink:
    return LeaderLink.objects.get_or_create(listing=listing)[0]


def leader_url(listing: Listing, base: str = "") -> str:
    return site_url(base) + reverse("leader:page", args=[leader_link(listing).token])


def responsible_staff(listing: Listing) -> list:
    """The people who answer for this listing (see the module docstring), active accounts only."""
    if listing.responsible_id and listing.responsible.is_active:
        return [listing.responsible]
    area = listing.place.ancestor_of_kind(Kind.CP_AREA) if listing.place.kind != Kind.CP_AREA else listing.place
    ward = listing.place.ancestor_of_kind(Kind.WARD) if listing.place.kind != Kind.WARD else listing.place
    for place, role in ((area, Role.AREA_COORDINATOR), (ward, Role.WARD_COORDINATOR)):
        if place is None:
            continue
        people = [m.user for m in Membership.objects.active().filter(organisation__place=place, role=role)
                  .select_related("user").order_by("user__username")]
        if people:
            return people
    return []


def _notify(listing: Listing, subject: str, body: str, base: str = "") -> int:
    recipients = [person.email for person in responsible_staff(listing) if person.email]
    if not recipients:
        return 0
    url = site_url(base) + reverse("directory:detail", args=[listing.pk])
    text = f"{body}\n\n{listing.name}\n{url}\n\n— つなぐ（地域資源）"
    return send_mass_mail([(subject, text, None, recipients)], fail_silently=True)


# --- The leader's link -----------------------------------------------------------------------


@transaction.atomic
def leader_confirm(*, link: LeaderLink, name: str) -> Listing:
    """The leader says everything is still right."""
    link.last_used_at = timezone.now()
    link.save(update_fields=["last_used_at"])
    who = name.strip()[:100] or _("代表者")
    return services.listing_confirm(listing=link.listing, by=who, how=_("代表者がリンクで確認"))


@transaction.atomic
def leader_propose(*, link: LeaderLink, name: str, values: dict[str, str], message: str = "",
                   base_url: str = "") -> Proposal:
    """The leader proposes changes; they wait for staff. Only fields that differ are kept."""
    listing = link.listing
    current = proposable_values(listing)
    changes = {
        field: [current[field], str(value).strip()]
        for field, value in values.items()
        if field in PROPOSABLE and str(value).strip() != (current[field] or "")
    }
    if not changes and not message.strip():
        raise ValidationError(_("変更した点が見つかりませんでした。変わったところを書き直すか、ひとことに書いてください。"))
    if changes.get("status", [None, None])[1] not in (None, *Status.values):
        raise ValidationError(_("状態の選び方が正しくありません。"))
    link.last_used_at = timezone.now()
    link.save(update_fields=["last_used_at"])
    proposal = Proposal.objects.create(listing=listing, submitted_by=name.strip()[:100], changes=changes,
                                       message=message.strip()[:2000])
    transaction.on_commit(lambda: _notify(
        listing, _("【つなぐ】代表者から変更の提案が届きました"),
        _("「%(name)s」の代表者から、掲載内容の変更の提案が届きました。内容を確かめて、反映するか見送るかを決めてください。")
        % {"name": listing.name}, base_url))
    return proposal


def report_received(report: Report, base_url: str = "") -> None:
    """A resident's report goes to the responsible staff (after the report is saved) — the first
    about a listing in a day only. That one is worth knowing at once (something about the listing
    may be wrong); the next ones of the day add little in a mail and buried the inbox when a
    script sent thirty (issue 11). They are all on the listing's page, where staff mark them dealt
    with. A digest would need something that runs on a schedule, which Tsunagu does not have."""
    listing = report.listing
    day_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if Report.objects.filter(listing=listing, created_at__gte=day_start).exclude(pk=report.pk).exists():
        return
    transaction.on_commit(lambda: _notify(
        listing, _("【つなぐ】掲載情報について住民から知らせが届きました"),
        _("「%(name)s」について、公開ページから「%(kind)s」の知らせが届きました。\n%(message)s\n\n"
          "今日このあと同じ資源に届く知らせはメールせず、資源のページにまとめて表示します。")
        % {"name": listing.name, "kind": report.get_kind_display(), "message": report.message}, base_url))


# --- Staff deciding ---------------------------------------------------------------------------


# Why a proposed 日時 is never applied as it came: the leader writes it as one sentence, while
# the listing keeps its repeat rules (Schedule) beside a short note. Copying the sentence into the
# note published the old rules and the new sentence side by side, with the old rules' next dates
# (issue 12). Staff turn the sentence into rules first; those replace the old ones.
SCHEDULE_NOT_TURNED = gettext_lazy(
    "日時の変更は、文章のままでは反映できません。提案の日時を「くり返し」（曜日・時刻）の欄に直してから、"
    "もう一度「選んだ項目を反映する」を押してください。いまの日時はその内容に置き換わります。")


@transaction.atomic
def proposal_approve(*, user, proposal: Proposal, fields: list[str], schedules: list[dict] | None = None,
                     schedule_note: str = "") -> Listing:
    """Apply the chosen fields of a proposal to the listing (a new version, so it can be undone).

    A proposed 日時 comes as text: it is applied only as the repeat rules staff made of it
    (``schedules``, which replace the listing's rules) and what is left as a note
    (``schedule_note``); without them it is refused (SCHEDULE_NOT_TURNED)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.OPEN:
        raise ValidationError(_("この提案はすでに処理されています。"))
    listing = proposal.listing
    chosen = {f: proposal.changes[f][1] for f in fields if f in proposal.changes}
    listing_fields, location, new_schedules = {}, None, None
    for field, value in chosen.items():
        if field == "schedule_note":
            if schedules is None:
                raise ValidationError(str(SCHEDULE_NOT_TURNED))
            new_schedules = schedules
            listing_fields["schedule_note"] = schedule_note.strip()
        elif field in ("location_name", "address"):
            location = location or services.location_values(listing)
            location["name" if field == "location_name" else "address"] = value
        elif field == "cost":
            listing_fields["cost"], listing_fields["is_free"] = value, value in ("無料", "0円", "なし")
        else:
            listing_fields[field] = value
    if listing_fields.get("status") in (Status.PAUSED, Status.ENDED) and not (
        listing_fields.get("status_reason") or listing.status_reason
    ):
        listing_fields["status_reason"] = _("代表者からの連絡による")
    if "status" in listing_fields and listing_fields["status"] != listing.status:
        listing_fields.setdefault("status_date", timezone.localdate())
    if chosen:
        services.listing_update(user=user, listing=listing, seen_version=None, fields=listing_fields,
                                location=location, schedules=new_schedules, how=f"proposal:{proposal.pk}")
    proposal.state, proposal.decided_at, proposal.decided_by = Proposal.State.APPROVED, timezone.now(), user
    proposal.save(update_fields=["state", "decided_at", "decided_by"])
    # The leader looked at the whole entry when proposing: that is a confirmation too.
    services.listing_confirm(listing=listing, by=proposal.submitted_by or _("代表者"),
                             how=_("代表者の提案を職員が反映"), actor=user)
    return listing


@transaction.atomic
def proposal_reject(*, user, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.OPEN:
        raise ValidationError(_("この提案はすでに処理されています。"))
    proposal.state, proposal.decided_at, proposal.decided_by = Proposal.State.REJECTED, timezone.now(), user
    proposal.save(update_fields=["state", "decided_at", "decided_by"])
    return proposal


# --- Asking in bulk ----------------------------------------------------------------------------


def request_addresses(listing: Listing) -> list[str]:
    """Where a confirmation request can be e-mailed: the listing's public address, else the
    organisation's, else its contacts'."""
    if listing.public_email:
        return [listing.public_email]
    organisation = listing.organisation
    if organisation is None:
        return []
    if organisation.email:
        return [organisation.email]
    return [c.email for c in organisation.contacts.all() if c.email]


def send_confirmation_requests(*, user, listings, base_url: str) -> tuple[list[Listing], list[Listing]]:
    """E-mail each listing's leader their link. Returns (sent, without an address — to print)."""
    sent, unreachable, messages = [], [], []
    for listing in listings:
        addresses = request_addresses(listing)
        if not addresses:
            unreachable.append(listing)
            continue
        body = _(
            "%(organiser)s　ご担当者さま\n\n"
            "いつも地域の活動をありがとうございます。\n"
            "地域の活動を紹介する「つなぐ」に、「%(name)s」を掲載しています。\n"
            "内容が今も正しいか、下のページでご確認ください。変わりがなければ「この内容で合っています」を押すだけです。\n"
            "変わったところがあれば、そのページから書き直してお送りください（職員が確認してから反映します）。\n\n"
            "%(url)s\n\n"
            "このページはこの活動のためだけのものです。他の方には教えないでください。\n"
            "%(sender)s"
        ) % {"organiser": listing.organiser or _("代表者"), "name": listing.name,
             "url": leader_url(listing, base_url), "sender": user}
        messages.append((_("【確認のお願い】%(name)s の掲載内容") % {"name": listing.name}, body, None, addresses))
        sent.append(listing)
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return sent, unreachable
