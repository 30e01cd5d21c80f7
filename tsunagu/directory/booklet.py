"""冊子: the printed booklet of an area's community resources, in the spirit of 瀬谷区's
「せやまるシニアプラス」.

    cover (the area's own title, e.g. 瀬谷区's 「せやまるシニアプラス」: Place.booklet_title) →
    この冊子の見かた (legend) → もくじ (pillar → category, with page numbers) → entries by
    category → 名前のさくいん (50音順, gojuon.py) → 地区・町丁目別さくいん → back cover (the
    issuing office and its phone)

Residents' copies are printed in large type unless the person asks for the compact edition.
An entry prints only what it has (no empty label); without a phone of its own it names the
care plaza of its area as the place to call (contacts.py).

Only Listing.objects.public() is ever printed: a booklet goes to residents, so a staff-only or
draft listing, staff_contact and internal_note never reach it. Each listing is printed once, in
its first chosen category; the other categories it carries point to that page.

A small booklet is one document, whose page numbers WeasyPrint works out itself (CSS
target-counter). WeasyPrint lays pages out one after another on one core, which made a
1,000-entry booklet take a minute; from PARALLEL_FROM entries the booklet is laid out in parts,
side by side in worker processes (render_in_parts):

    round 1   the front (cover, guide, contents) and the entries, cut at pillars (and, where a
              pillar is more than a worker's share, before one of its categories, which then
              starts a page), every page number a placeholder as wide as the widest;
    numbers   each part's pages follow the ones before, so every entry's page is known;
    round 2   the front again and the index with the real numbers; each page that holds an
              "ほかのページにも" line set again on its own with the real numbers (same blocks,
              same place: checked);
    combine   one PDF, links and outline pointing across the parts, the entries' pages numbered
              with the ten digits laid out in round 1, each moved to its place in the number.

Should a check fail (a page set again does not come out the same), the booklet is made as one
document instead: slower, never wrong. It runs as a job (kind "booklet") whose page shows how
far the layout got.
"""

from __future__ import annotations

import io
import logging
import os
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw

from tsunagu.directory import access, gojuon
from tsunagu.directory import schedules as schedule_rules
from tsunagu.directory.contacts import StandIns
from tsunagu.directory.models import Category, Eligibility, Intensity, Listing, ListingQuerySet, Status
from tsunagu.jobs.models import Job
from tsunagu.jobs.services import JobFailed, Progress, register
from tsunagu.lib import fiscal, pdf
from tsunagu.people import policy
from tsunagu.places.models import Kind, Place

log = logging.getLogger(__name__)

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "directory" / "booklet"
ICONS_DIR = TEMPLATES / "icons"
DESCRIPTION_CHARS = 100
# From this many entries the booklet is laid out in parts in worker processes; below it, one
# document in this process is done before the workers would have started.
PARALLEL_FROM = 100
WORKERS = 2

INTENSITY_WORDS = {
    Intensity.LIGHT: "軽い運動",
    Intensity.MODERATE: "ふつうの運動",
    Intensity.ACTIVE: "しっかり運動",
}


def public_base_url(request) -> str:
    """Where residents reach the site: TSUNAGU_PUBLIC_URL, or the address this request came to."""
    configured = getattr(settings, "TSUNAGU_PUBLIC_URL", "")
    return (configured or request.build_absolute_uri("/")).rstrip("/")


def qr_svg(url: str) -> str:
    """A QR code as inline SVG (segno; error correction M survives a smudged print)."""
    return segno.make(url, error="m", micro=False).svg_inline(border=0, omitsize=True, svgclass="qr-code")


def icon_uri(emoji: str) -> str:
    """The file URI of the Twemoji picture for an emoji, or "" when the project has none.

    Fonts have no colour emoji, so an emoji printed as text would come out as a box. The
    pictures are PNGs made once from Twemoji's SVGs (icons/svg/): WeasyPrint draws an SVG anew
    at every use, which cost 10 s in a 1,000-entry booklet, while a PNG is embedded once.
    """
    emoji = (emoji or "").strip()
    if not emoji:
        return ""
    path = ICONS_DIR / ("-".join(f"{ord(ch):x}" for ch in emoji if ch != "\ufe0f") + ".png")
    return path.as_uri() if path.exists() else ""


def draw_intensity_mark(level: int) -> bytes:
    """Three rising bars, as many filled as the level: the booklet's exercise mark, as a PNG.
    The booklet prints the files made from it (icons/intensity-N.png, see CREDITS.md there):
    a data URI in every entry that has a level made the HTML a fifth longer to parse."""
    scale, blue = 12, (31, 95, 139, 255)
    image = Image.new("RGBA", (16 * scale, 13 * scale), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for i in range(3):
        height = 4 + 3 * i
        box = [(1 + i * 5) * scale, (12 - height) * scale, (5 + i * 5) * scale, 12 * scale]
        draw.rounded_rectangle(box, radius=scale // 2, fill=blue if i < level else (255, 255, 255, 255),
                               outline=blue, width=scale)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def intensity_mark(level: int) -> str:
    """The file URI of the exercise mark for a level (1–3)."""
    return (ICONS_DIR / f"intensity-{level}.png").as_uri()


# --- what goes in --------------------------------------------------------------------------------


def selected_categories(categories) -> set[int]:
    """Category pks a choice covers: a pillar brings its categories with it."""
    chosen: set[int] = set()
    for category in categories:
        chosen.add(category.pk)
        chosen.update(Category.objects.filter(parent=category).values_list("pk", flat=True))
    return chosen


def booklet_listings(place: Place, categories=()) -> ListingQuerySet:
    """The public listings of an area, in the chosen categories (all of them when none are chosen)."""
    listings = Listing.objects.public().under(place)
    chosen = selected_categories(categories)
    if chosen:
        through = Listing.categories.through
        listings = listings.filter(pk__in=through.objects.filter(category_id__in=chosen).values("listing_id"))
    return listings


@dataclass
class Entry:
    pk: int
    name: str
    kana: str
    status: str
    organiser: str
    description: str
    schedule: str
    location: str
    address: str
    transport: str
    accessibility: str
    cost: str
    eligibility: str
    application: str
    contact: str
    phone: str
    email: str
    website: str
    pickup: bool
    wheelchair: bool
    intensity: int
    intensity_words: str
    intensity_mark: str
    area: str
    icons: list[dict]
    url: str
    qr: str
    # The page it is printed on, when the booklet is laid out in parts (else CSS counts it).
    page: str = ""
    # Without a phone of its own: the care plaza (or ward council) residents may call instead.
    stand_in_name: str = ""
    stand_in_phone: str = ""
    reading: str = ""

    @property
    def has_marks(self) -> bool:
        return bool(self.icons or self.intensity_words or self.pickup or self.wheelchair or self.area)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact or self.organiser or self.phone or self.email or self.stand_in_phone)


@dataclass
class Section:
    key: str
    name: str
    icon: dict
    entries: list[Entry] = field(default_factory=list)
    elsewhere: list[Entry] = field(default_factory=list)
    page: str = ""

    @property
    def count(self) -> int:
        return len(self.entries) + len(self.elsewhere)


@dataclass
class Pillar:
    key: str
    name: str
    icon: dict
    order: tuple = ()
    sections: list[Section] = field(default_factory=list)
    page: str = ""


@dataclass
class Block:
    """One of the blocks the entries are printed as, in order: a pillar's title, a section's
    title, an entry, a section's "ほかのページにも" line."""

    kind: str
    id: str
    pillar: Pillar
    section: Section | None = None
    entry: Entry | None = None

    @property
    def section_size(self) -> float:
        return sum(_weight(entry) for entry in self.section.entries) if self.section else 0


def _weight(entry) -> float:
    """About how long an entry takes to lay out: a fixed part (title, marks, QR code) and its
    text, which WeasyPrint breaks into lines."""
    text = (entry.schedule, entry.location, entry.address, entry.transport, entry.cost, entry.eligibility,
            entry.application, entry.contact, entry.phone, entry.email, entry.description)
    return 1 + sum(len(t or "") for t in text) / 250


def _blocks(pillars: list[Pillar]) -> list[Block]:
    blocks = []
    for pillar in pillars:
        blocks.append(Block("pillar", pillar.key, pillar))
        for section in pillar.sections:
            blocks.append(Block("section", section.key, pillar, section))
            blocks += [Block("entry", f"e{entry.pk}", pillar, section, entry) for entry in section.entries]
            if section.elsewhere:
                blocks.append(Block("elsewhere", f"x{section.key}", pillar, section))
    return blocks


def _icon(category: Category) -> dict:
    return {"uri": icon_uri(category.icon), "letter": category.name[:1], "name": category.name}


def _eligibility(listing: Listing) -> str:
    words = listing.get_eligibility_display() if listing.eligibility != Eligibility.ANYONE or not (
        listing.minimum_age or listing.eligibility_note) else ""
    extra = []
    if listing.minimum_age:
        extra.append(f"{listing.minimum_age}歳以上")
    if listing.eligibility_note:
        extra.append(listing.eligibility_note)
    if listing.capacity:
        extra.append(f"定員{listing.capacity}人")
    if words and extra:
        return f"{words}（{'、'.join(extra)}）"
    return words or "、".join(extra)


def _cost(listing: Listing) -> str:
    if listing.is_free:
        return f"無料（{listing.cost}）" if listing.cost and listing.cost not in ("無料", "0円") else "無料"
    return listing.cost


def _truncate(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Areas:
    """Names of the places in the booklet's area, loaded once (the 町丁目 come with the locations)."""

    def __init__(self, root: Place):
        self.by_pk = {
            p.pk: p for p in Place.objects.under(root).exclude(kind=Kind.BLOCK).only("pk", "name", "kind", "path")
        }
        self.root = root

    def district(self, place: Place) -> Place:
        """The 地区 a listing belongs to; for one filed at a CP area or ward, that place itself."""
        chain = [self.by_pk[int(pk)] for pk in place.path.strip("/").split("/") if int(pk) in self.by_pk]
        for kind in (Kind.DISTRICT, Kind.CP_AREA, Kind.WARD):
            found = [p for p in chain if p.kind == kind]
            if found:
                return found[-1]
        return self.root

    def index_label(self, district: Place) -> str:
        """How the index names a group. Districts of different CP areas may share a name
        (瀬谷地区), so in a ward's booklet a district carries its CP area."""
        if district.pk == self.root.pk:
            return f"{district.name}（全域）"
        if district.kind == Kind.CP_AREA:
            return f"{district.name}のエリア"
        if district.kind == Kind.DISTRICT and self.root.kind == Kind.WARD:
            area = next((self.by_pk[int(pk)] for pk in district.path.strip("/").split("/")
                         if int(pk) in self.by_pk and self.by_pk[int(pk)].kind == Kind.CP_AREA), None)
            if area is not None:
                return f"{district.name}（{area.name}）"
        return district.name


def _entry(listing: Listing, base_url: str, area: str, stand_ins: StandIns | None = None) -> Entry:
    location = listing.location
    stand_in = stand_ins.for_listing(listing) if stand_ins is not None else None
    categories = sorted(listing.categories.all(), key=lambda c: (c.parent_id is None, c.sort_order, c.pk))
    url = base_url + reverse("public:listing", args=[listing.pk])
    return Entry(
        pk=listing.pk,
        name=listing.name,
        kana=listing.name_kana,
        status="" if listing.status == Status.ACTIVE else listing.get_status_display(),
        organiser=listing.organiser,
        description=_truncate(listing.description, DESCRIPTION_CHARS),
        schedule=schedule_rules.describe_all(list(listing.schedules.all()), listing.schedule_note),
        location=location.name if location else "",
        address=location.address if location else "",
        transport=location.transportation if location else "",
        accessibility=location.accessibility if location else "",
        cost=_cost(listing),
        eligibility=_eligibility(listing),
        application=listing.application,
        # Public contact only: staff_contact and internal_note are never printed for residents.
        contact=listing.public_contact_name,
        phone=listing.public_phone,
        email=listing.public_email,
        website=listing.website,
        pickup=listing.has_pickup,
        wheelchair=listing.wheelchair,
        intensity=listing.intensity,
        intensity_words=INTENSITY_WORDS.get(listing.intensity, ""),
        intensity_mark=intensity_mark(listing.intensity) if listing.intensity else "",
        area=area,
        icons=[_icon(c) for c in categories],
        url=url,
        qr=pdf.qr_src(url),
        stand_in_name=stand_in.name if stand_in else "",
        stand_in_phone=stand_in.phone if stand_in else "",
        reading=gojuon.reading(listing.name, listing.name_kana),
    )


def booklet_title(place: Place) -> str:
    """The title the area gave its booklet (Place.booklet_title), its own or its nearest
    ancestor's (a CP area's booklet in 瀬谷区 is a 「せやまるシニアプラス」 too); "" for none."""
    if place.booklet_title:
        return place.booklet_title
    for ancestor in reversed(place.ancestors()):
        if ancestor.booklet_title:
            return ancestor.booklet_title
    return ""


def booklet_context(*, place: Place, categories=(), large: bool = False, issuer: str = "", issuer_phone: str = "",
                    title: str = "", base_url: str, today=None, on_entry=None) -> dict:
    """Everything the booklet template prints. on_entry(done, total) reports progress."""
    today = today or timezone.localdate()
    all_categories = {c.pk: c for c in Category.objects.all()}
    chosen = selected_categories(categories)

    def pillar_of(category: Category) -> Category:
        while category.parent_id is not None and category.parent_id in all_categories:
            category = all_categories[category.parent_id]
        return category

    def order(category: Category) -> tuple:
        pillar = pillar_of(category)
        # A listing filed under a pillar itself comes after that pillar's categories.
        return (pillar.sort_order, pillar.pk, category.pk == pillar.pk, category.sort_order, category.pk)

    listings = list(
        booklet_listings(place, categories)
        .select_related("location", "location__block", "place", "organisation")
        .prefetch_related("schedules", "categories")
    )
    areas = _Areas(place)
    stand_ins = StandIns()
    total = len(listings)
    pillars: dict[str, Pillar] = {}
    sections: dict[str, Section] = {}
    index: dict[int, dict] = {}
    other = Section(key="other", name="その他", icon={"uri": "", "letter": "他", "name": "その他"})

    def section_for(category: Category) -> Section:
        key = f"c{category.pk}"
        if key not in sections:
            pillar_category = pillar_of(category)
            pillar = pillars.get(pillar_category.code)
            if pillar is None:
                pillar = pillars[pillar_category.code] = Pillar(
                    key=f"p{pillar_category.pk}", name=pillar_category.name, icon=_icon(pillar_category),
                    order=(pillar_category.sort_order, pillar_category.pk))
            name = category.name if category.pk != pillar_category.pk else f"その他の{category.name}"
            sections[key] = Section(key=key, name=name, icon=_icon(category))
            pillar.sections.append(sections[key])
        return sections[key]

    placed: list[tuple[list[Category], Listing, Entry]] = []
    for done, listing in enumerate(listings, start=1):
        district = areas.district(listing.place)
        entry = _entry(listing, base_url, district.name if district.pk != place.pk else "", stand_ins)
        own = sorted((c for c in listing.categories.all() if not chosen or c.pk in chosen), key=order)
        placed.append((own, listing, entry))
        # The index groups by 地区, then by 町丁目 of the venue.
        block = listing.location.block if listing.location and listing.location.block_id else None
        group = index.setdefault(district.pk, {"name": areas.index_label(district), "path": district.path,
                                               "blocks": {}})
        group["blocks"].setdefault(block.name if block else "", []).append(entry)
        if on_entry is not None:
            on_entry(done, total)

    # Within a category, entries follow the area (so neighbours sit together), then the reading.
    placed.sort(key=lambda item: (item[1].place.path, item[1].name_kana or item[1].name, item[1].pk))
    for own, _listing, entry in placed:
        if not own:
            other.entries.append(entry)
            continue
        section_for(own[0]).entries.append(entry)
        for category in own[1:]:
            section_for(category).elsewhere.append(entry)

    ordered = sorted(pillars.values(), key=lambda p: p.order)
    for pillar in ordered:
        pillar.sections.sort(key=lambda s: order(all_categories[int(s.key[1:])]))
    if other.entries:
        ordered.append(Pillar(key="p-other", name="その他", icon=other.icon, sections=[other]))
    for group in index.values():
        group["blocks"] = sorted(
            ((name, sorted(entries, key=lambda e: (e.kana or e.name, e.pk))) for name, entries in group["blocks"].items()),
            key=lambda item: (item[0] != "", item[0]))
    fy = fiscal.fiscal_year(today)
    return {
        "place": place,
        "area_name": place.name if place.kind != Kind.CP_AREA else f"{place.name}エリア",
        "title": title.strip() or booklet_title(place),
        "name_index": gojuon.rows([entry for _own, _listing, entry in placed], lambda e: e.reading),
        "pillars": ordered,
        "blocks": _blocks(ordered),
        "index": sorted(index.values(), key=lambda g: g["path"]),
        "count": total,
        "large": large,
        "issuer": issuer,
        "issuer_phone": issuer_phone,
        "year_label": fiscal.wareki_fiscal_year(fy),
        "year_western": f"{fy}年度",
        "as_of": fiscal.wareki_date(today),
        "intensity_marks": [(level, intensity_mark(level), INTENSITY_WORDS[level],
                             Intensity(level).label) for level in (1, 2, 3)],
        "wheelchair_icon": icon_uri("♿"),
        "public_url": base_url,
    }


def _document(context: dict, *, mode: str, **flags) -> tuple[str, list[str]]:
    """The booklet's HTML and CSS for one document: the whole ("single") or one part."""
    context = {**context, "mode": mode, "link": "#" if mode == "single" else pdf.LINK_SCHEME,
               "front": False, "back": False, "blocks": [], "head": None, "start": None, "trim_top": False, **flags}
    return (render_to_string("directory/booklet/booklet.html", context),
            [render_to_string("directory/booklet/booklet.css", context)])


def render_booklet(*, on_page=None, on_stage=None, **options) -> pdf.Rendered:
    workers = min(WORKERS, os.cpu_count() or 1)
    context = None
    if workers > 1 and booklet_listings(options["place"], options.get("categories") or ()).count() >= PARALLEL_FROM:
        try:
            # Started first, the workers load WeasyPrint and the fonts while the entries are gathered.
            with pdf.Workers(workers, on_page=on_page) as pool:
                started = time.perf_counter()
                context = booklet_context(**options)
                gathered = time.perf_counter() - started
                rendered = render_in_parts(context, pool, workers=workers, on_stage=on_stage)
                rendered.timings = {"entries gathered": round(gathered, 2), **rendered.timings}
                return rendered
        except (PartsDiffer, BrokenProcessPool) as error:
            log.warning("Booklet laid out as one document instead of in parts: %s", error)
    context = context or booklet_context(**options)
    # One document counts its own pages (target-counter); no number given to the parts stays.
    _set_pages(context, lambda _key: "")
    markup, stylesheets = _document(context, mode="single", front=True, back=True, blocks=context["blocks"])
    rendered = pdf.render_pdf(markup, stylesheets=stylesheets, on_page=on_page, on_stage=on_stage)
    rendered.timings.pop("process", None)
    return rendered


# --- laid out in parts -----------------------------------------------------------------------


class PartsDiffer(Exception):
    """A page set again in round 2 did not come out as in round 1."""


def _cut(blocks: list[Block], workers: int) -> list[list[Block]]:
    """The entries' blocks in parts, each of which begins a page: at each pillar (a pillar
    begins a page anyway), and before a category where a pillar holds more than one worker's
    share of the work."""
    share = sum(_weight(b.entry) for b in blocks if b.kind == "entry") / workers
    parts: list[list[Block]] = []
    for block in blocks:
        if block.kind == "pillar":
            parts.append([])
            size = 0
        elif block.kind == "section" and size > 0 and size + block.section_size > share:
            parts.append([])
            size = 0
        parts[-1].append(block)
        if block.kind == "section":
            size += block.section_size
    return parts


def _set_pages(context: dict, page_of) -> None:
    for pillar in context["pillars"]:
        pillar.page = page_of(pillar.key)
        for section in pillar.sections:
            section.page = page_of(section.key)
            for entry in section.entries:
                entry.page = page_of(f"e{entry.pk}")
    context["index_page"] = page_of("indexes")


def _busiest(documents) -> float:
    """CPU seconds of the worker that worked longest in a round: the round's floor."""
    per_process: dict = {}
    for r in documents:
        process = r.timings.get("process")
        per_process[process] = per_process.get(process, 0) + r.timings.get("cpu", 0)
    return max(per_process.values())


def _renumber(tree: list, page_number) -> list:
    return [(title, (page_number(page), x, y), _renumber(children, page_number), state)
            for title, (page, x, y), children, state in tree]


def render_in_parts(context: dict, pool: pdf.Workers, *, workers: int, on_stage=None) -> pdf.Rendered:
    started = time.perf_counter()
    parts = _cut(context["blocks"], workers)
    # Round 1: every number as wide as the widest it could be (8 is BIZ UDPGothic's widest digit;
    # no booklet has more pages than entries + 100), so the real ones never need more room.
    placeholder = "8" * len(str(context["count"] + 100))
    _set_pages(context, lambda _key: placeholder)
    if on_stage is not None:
        on_stage("style")
    documents = [_document(context, mode="front", front=True), _document(context, mode="digits")]
    documents += [_document(context, mode="body", blocks=part, head=_head(part)) for part in parts]
    front, digits, *bodies = pool.render(documents, counted=[0, *range(2, len(documents))])
    round_1 = time.perf_counter()

    numbers = _Numbers(front, bodies, parts)
    _set_pages(context, numbers.page)
    # Round 2: the front and the index with the real numbers; the pages with "ほかのページにも"
    # lines set again, block for block. The entries' page numbers are put together from the
    # digits' pages (round 1) when the parts are combined.
    again = numbers.pages_with("elsewhere")
    documents = [_document(context, mode="front", front=True),
                 _document(context, mode="back", back=True, start=numbers.index_start)]
    documents += [_document(context, mode="body", blocks=blocks, trim_top=index > 0, head=_head(blocks))
                  for (_k, index), blocks in again.items()]
    front_again, back, *pages_again = pool.render(documents, counted=[1])
    round_2 = time.perf_counter()

    if front_again.pages != front.pages:
        raise PartsDiffer(f"front {front.pages} → {front_again.pages} pages")
    if digits.pages != _Digits.PAGES:
        raise PartsDiffer(f"the digits came out on {digits.pages} pages")
    for ((k, index), blocks), page in zip(again.items(), pages_again, strict=True):
        first = blocks[0].id
        if (page.pages != 1 or set(page.anchors[0]) != {b.id for b in blocks}
                or abs(page.anchors[0][first][1] - bodies[k].anchors[index][first][1]) > 0.01):
            raise PartsDiffer(f"page {numbers.first_page[k] + index} came out differently when set again")

    if on_stage is not None:
        on_stage("write")
    rendered = [front_again, *bodies, back, *pages_again, digits]
    pages, stamps, outline = _assemble(numbers, list(again), _Digits(digits, len(rendered) - 1), rendered)
    data = pdf.combine(rendered, pages, stamps=stamps, outline=outline)
    timings = {"parts": len(parts), "pages set again": len(again), "round 1": round_1 - started,
               "round 1 busiest worker cpu": _busiest([front, digits, *bodies]), "round 2": round_2 - round_1,
               "round 2 busiest worker cpu": _busiest([front_again, back, *pages_again]),
               "combine": time.perf_counter() - round_2,
               "cpu in workers": sum(r.timings.get("cpu", 0) for r in [front, *rendered])}
    log.info("Booklet of %s entries in parts: %s", context["count"], timings)
    return pdf.Rendered(pdf=data, pages=len(pages), missing_glyphs=sorted({g for r in rendered for g in r.missing_glyphs}),
                        timings={k: round(v, 2) for k, v in timings.items()})


def _head(blocks: list[Block]) -> str | None:
    """The first block, when it is not a pillar's title (which names the running head itself)."""
    return blocks[0].id if blocks[0].kind != "pillar" else None


class _Numbers:
    """Where round 1 put every block: each part's pages follow the ones before it."""

    def __init__(self, front: pdf.Rendered, bodies: list[pdf.Rendered], parts: list[list[Block]]):
        self.front_pages = front.pages
        self.parts = parts
        self.where: dict[str, tuple[int, int]] = {}  # block id → (part, page in the part)
        self.first_page = [front.pages + 1]
        for k, body in enumerate(bodies):
            for index, anchors in enumerate(body.anchors):
                for name in anchors:
                    self.where.setdefault(name, (k, index))
            self.first_page.append(self.first_page[-1] + body.pages)
        self.index_start = self.first_page.pop()
        self.body_pages = self.index_start - front.pages - 1
        self.part_pages = [body.pages for body in bodies]
        missing = [b.id for part in parts for b in part if b.id not in self.where]
        if missing:
            raise PartsDiffer(f"not laid out: {missing[:5]}")

    def page(self, name: str) -> str | None:
        if name == "indexes":  # the first page of the indexes: where the back document starts
            return str(self.index_start)
        if name not in self.where:
            return None
        k, index = self.where[name]
        return str(self.first_page[k] + index)

    def pages_with(self, kind: str) -> dict[tuple[int, int], list[Block]]:
        """The pages that hold a block of this kind, each with all its blocks in order."""
        keys = sorted({self.where[b.id] for part in self.parts for b in part if b.kind == kind})
        return {(k, index): [b for b in self.parts[k] if self.where[b.id] == (k, index)] for k, index in keys}


class _Digits:
    """Page numbers put together from the digits' pages: each digit's page, moved sideways to
    where that digit of the number goes. WeasyPrint centres a page number in its margin box, as
    it centred each digit alone; the widths come from the same digits set in a line."""

    # The digits document (booklet.html, mode "digits"): a page for each digit 0–9, then one with
    # the ten set in a line to measure them.
    PAGES = 11

    def __init__(self, digits: pdf.Rendered, document: int):
        anchors = digits.anchors[self.PAGES - 1]
        self.width = {d: anchors[f"w{d}"][2] - anchors[f"w{d}"][0] for d in "0123456789"}
        self.document = document

    def stamps(self, number: int) -> list[tuple[int, int, float]]:
        text = str(number)
        left = -sum(self.width[d] for d in text) / 2  # from the centre of the margin box
        placed = []
        for d in text:
            placed.append((self.document, int(d), left + self.width[d] / 2))
            left += self.width[d]
        return placed


def _assemble(numbers: _Numbers, again: list, digits: _Digits, rendered: list[pdf.Rendered]):
    """The pages of the one PDF as (document, page), the stamps and the outline, for combine():
    the front, the parts' pages (those set again in their place), the index. rendered is
    [front, *parts, back, *pages set again, digits]."""
    parts = len(numbers.part_pages)
    back_doc, first_again = parts + 1, parts + 2
    replaced = {key: first_again + i for i, key in enumerate(again)}
    pages = [(0, i) for i in range(numbers.front_pages)]
    for k, count in enumerate(numbers.part_pages):
        pages += [(replaced[(k, i)], 0) if (k, i) in replaced else (k + 1, i) for i in range(count)]
    pages += [(back_doc, i) for i in range(rendered[back_doc].pages)]
    stamps = {page: digits.stamps(page + 1)
              for page in range(numbers.front_pages, numbers.front_pages + numbers.body_pages)}
    outline = _renumber(rendered[0].outline, lambda page: page)
    later = [tree for k in range(parts)
             for tree in _renumber(rendered[k + 1].outline, lambda page, k=k: numbers.first_page[k] - 1 + page)]
    later += _renumber(rendered[back_doc].outline, lambda page: numbers.index_start - 1 + page)
    if len(outline) == 1:
        # As in one document: the cover's title (h1) holds every other heading.
        title, target, children, state = outline[0]
        outline = [(title, target, children + later, state)]
    else:
        outline += later
    return pages, stamps, outline


def booklet_filename(place: Place, today=None) -> str:
    today = today or timezone.localdate()
    return f"冊子_{place.name}_{fiscal.wareki_fiscal_year(fiscal.fiscal_year(today))}.pdf"


# --- the job -------------------------------------------------------------------------------------


@register("booklet")
def booklet_job(job: Job, progress: Progress) -> None:
    params = job.params
    # The person's reach is checked again here: it may have changed since they pressed the button.
    place = policy.places_where(job.owner, access.VIEW).filter(pk=params.get("place")).first()
    if place is None:
        raise JobFailed("この地域の冊子は作れません（地域が削除されたか、見られる範囲が変わりました）。")
    categories = list(Category.objects.filter(pk__in=params.get("categories") or []))
    count = booklet_listings(place, categories).count()
    if not count:
        raise JobFailed("選んだ地域と分類には、公開中の地域資源がありません。分類を広げてください。")
    # Preparing entries is the first part of the bar, laying out pages the rest; pages are
    # estimated from the entries (about three a page, 1.7 in large print: 1,000 entries made
    # 312 pages) and the bar never claims to be finished before the PDF is.
    pages_estimate = count * 10 // (17 if params.get("large") else 32) + 6
    total = count + pages_estimate

    def on_entry(done: int, _total: int) -> None:
        progress(done, total, f"掲載内容をまとめています（{done}/{count}件）")

    laid_out = 0

    def on_page(number: int) -> None:
        # Pages laid out again (page numbers in the contents changed) do not move the bar back.
        nonlocal laid_out
        laid_out = max(laid_out, number)
        progress(min(count + laid_out, total - 1), total, f"ページを組んでいます（{laid_out}ページ目）")

    def on_stage(stage: str) -> None:
        # The steps around the layout take a while too in a large booklet; say what is going on.
        if stage == "write":
            progress(total - 1, total, "PDFに書き出しています", force=True)
        else:
            progress(count, total, "文字の大きさや並びを整えています", force=True)

    result = render_booklet(place=place, categories=categories, large=bool(params.get("large")),
                            issuer=params.get("issuer", ""), issuer_phone=params.get("issuer_phone", ""),
                            title=params.get("title", ""),
                            base_url=params["base_url"],
                            on_entry=on_entry, on_page=on_page, on_stage=on_stage)
    progress.attach(booklet_filename(place), result.pdf)
    progress(total, total, f"{count}件・{result.pages}ページの冊子ができました。", force=True)
    progress.keep({"entries": count, "pages": result.pages, "missing_glyphs": result.missing_glyphs,
                   "timings": result.timings})
