"""HTML → PDF, in one place: WeasyPrint with the project's own Japanese font.

    result = render_pdf(html, on_page=lambda n: ...)
    result.pdf, result.pages, result.missing_glyphs

The face is BIZ UDPGothic (Morisawa's universal-design gothic that Japanese municipalities print
with, SIL OFL 1.1), shipped in tsunagu/lib/fonts/ and loaded with @font-face from file URLs, so a
PDF looks the same on every machine whatever fonts it has. WeasyPrint prints boxes (tofu) where
no font has a glyph and only says so in a log warning; render_pdf collects those warnings so
that callers and tests can see them. BIZ UD lacks a few rare characters (𠮷 U+20BB7): the
family stack falls back to Noto Sans CJK JP where the machine has it (Debian fonts-noto-cjk).

WeasyPrint fetches only what the page names; here that is limited to data: URIs and files in
the folders below (fonts, the booklet's icons), so nothing a person typed can make the server
fetch a URL. QR codes are named by their text (qr_src) and drawn while the page is laid out.

A long document can be laid out in parts side by side (Workers: one process a core; WeasyPrint
lays out pages one after another in one thread) and the parts put together with combine(),
which also stamps pages, points links across parts and builds one outline.
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

import segno
from django.conf import settings

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Tsunagu Gothic"
FALLBACK_FAMILY = "Noto Sans CJK JP"
FONT_STACK = f'"{FAMILY}", "{FALLBACK_FAMILY}", sans-serif'
FACES = (("BIZUDPGothic-Regular.ttf", 400), ("BIZUDPGothic-Bold.ttf", 700))

# Files a rendered page may load: the fonts, and the templates' own assets (icons).
ALLOWED_ROOTS = (FONTS_DIR, Path(settings.BASE_DIR) / "templates")
# <img src="tsunagu-qr:TEXT">: a QR code of TEXT, made by the fetcher (see qr_src).
QR_SCHEME = "tsunagu-qr:"
# <a href="tsunagu-to:NAME">: a link to the element with id NAME in another part; combine()
# turns it into a link inside the PDF. WeasyPrint leaves such an href alone, where "#NAME"
# would be dropped with an error for want of NAME in the part.
LINK_SCHEME = "tsunagu-to:"
# QR mask pattern 2 (every third column), see qr_png.
QR_MASK = 2
# CSS px (WeasyPrint's unit) to PDF points.
PT_PER_PX = 0.75


def qr_src(text: str) -> str:
    """An image address that the fetcher answers with a QR code of the text.

    Making the code while the page is laid out means a booklet laid out in parts makes its
    1,000 codes in the workers, side by side, rather than one by one before layout begins.
    """
    return QR_SCHEME + quote(text, safe="")


@lru_cache(maxsize=4096)
def qr_png(text: str) -> bytes:
    """A QR code as a 1-bit PNG, one pixel a module (error correction M survives a smudged
    print). Printed with image-rendering: pixelated it is as sharp as a vector at any size,
    and WeasyPrint embeds a PNG once where it would parse and draw an SVG anew.

    The mask pattern is fixed: choosing it (segno tries all eight and scores each) was three
    quarters of a code's time, 6 of a 1,000-entry booklet's 70 CPU seconds. Any mask makes a
    valid code that phones read; the tests read every booklet's codes back from the page."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False, mask=QR_MASK).save(buffer, kind="png", scale=1, border=0)
    return buffer.getvalue()


def font_face_css() -> str:
    """@font-face rules for the project's font, from file URLs."""
    rules = []
    for filename, weight in FACES:
        url = (FONTS_DIR / filename).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}") format("truetype"); '
            f"font-weight: {weight}; font-style: normal; }}"
        )
    return "\n".join(rules)


def base_css() -> str:
    return font_face_css() + f"\nhtml {{ font-family: {FONT_STACK}; }}\n"


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    # Characters printed as boxes because no font had them (should stay empty).
    missing_glyphs: list[str] = field(default_factory=list)
    # With collect=True: each page's elements with an id, {id: (x1, y1, x2, y2)} in PDF points
    # from the bottom left; and the outline, [(title, (page, x, y), children, state)].
    anchors: list[dict[str, tuple[float, float, float, float]]] = field(default_factory=list)
    outline: list = field(default_factory=list)
    # Where the time went, in seconds (for bench/ and the logs).
    timings: dict[str, float] = field(default_factory=dict)
    # Each page's (width, height) in PDF points: a document's orientation, page by page.
    page_sizes: list[tuple[float, float]] = field(default_factory=list)
    # With check_fit=True: the boxes that reach past their page's printable area ("table on page
    # 3, 41 pt too wide"): a table wider than A4 is cut off on paper, not shrunk.
    overflows: list[str] = field(default_factory=list)


class _Listener(logging.Handler):
    """Hands WeasyPrint's log records to whoever is rendering in that thread.

    Jobs render in threads of the web process; a record belongs to the render running in the
    thread that logged it, so two booklets at once do not see each other's pages.
    """

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.watchers: dict[int, Callable[[logging.LogRecord], None]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        watcher = self.watchers.get(record.thread)
        if watcher is not None:
            watcher(record)


_listener = _Listener()
_progress_logger = logging.getLogger("weasyprint.progress")
# Page-by-page progress is INFO; it must reach our listener without flooding the console.
_progress_logger.setLevel(logging.INFO)
_progress_logger.propagate = False
_progress_logger.addHandler(_listener)
logging.getLogger("weasyprint").addHandler(_listener)


def _fetcher():
    from weasyprint.urls import URLFetcher

    class ProjectFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(QR_SCHEME):
                from weasyprint.urls import URLFetcherResponse

                return URLFetcherResponse(url, body=qr_png(unquote(url.removeprefix(QR_SCHEME))),
                                          headers={"Content-Type": "image/png"})
            if url.startswith("file:"):
                from urllib.request import url2pathname

                path = Path(url2pathname(url.removeprefix("file:").split("?")[0])).resolve()
                if not any(path.is_relative_to(root) for root in ALLOWED_ROOTS):
                    raise ValueError(f"not a project file: {url}")
            return super().fetch(url, headers)

    return ProjectFilesOnly(allowed_protocols={"file", "data"})


# WeasyPrint's steps before and after the page-by-page layout, named for progress messages.
STAGES = {"Step 1": "parse", "Step 3": "style", "Step 4": "boxes", "Step 6": "write"}


def render_pdf(html: str, *, stylesheets: Iterable[str] = (), base_url: str | None = None,
               on_page: Callable[[int], None] | None = None,
               on_stage: Callable[[str], None] | None = None, collect: bool = False,
               check_fit: bool = False) -> Rendered:
    """Lay out the HTML on pages and return the PDF.

    on_page(n) is called as page n is laid out (WeasyPrint may lay a page out again when page
    numbers in the contents change it), and on_stage(name) as the steps around the layout begin
    ("parse", "style", "boxes", "write"), for progress bars. collect=True also returns where
    each id and heading is (Rendered.anchors, .outline), for combine(). check_fit=True lists the
    boxes wider than their page's printable area (Rendered.overflows), for tests.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    missing: list[str] = []
    started = time.process_time()

    def watch(record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(".notdef glyph rendered") and record.args:
            missing.append(str(record.args[0]))
        elif on_page is not None and message.startswith("Step 5 - Creating layout - Page "):
            number = message.removeprefix("Step 5 - Creating layout - Page ").split()[0]
            if number.isdigit():
                on_page(int(number))
        elif on_stage is not None and message[:6] in STAGES:
            on_stage(STAGES[message[:6]])

    fetcher = _fetcher()
    font_config = FontConfiguration()
    sheets = [CSS(string=base_css(), font_config=font_config, url_fetcher=fetcher)]
    sheets += [CSS(string=css, font_config=font_config, url_fetcher=fetcher, base_url=base_url)
               for css in stylesheets]
    thread = threading.get_ident()
    _listener.watchers[thread] = watch
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=font_config)
        pdf = document.write_pdf()
    finally:
        _listener.watchers.pop(thread, None)
    rendered = Rendered(pdf=pdf, pages=len(document.pages), missing_glyphs=sorted(set(missing)),
                        timings={"cpu": round(time.process_time() - started, 2), "process": os.getpid()},
                        page_sizes=[(round(page.width * PT_PER_PX, 2), round(page.height * PT_PER_PX, 2))
                                    for page in document.pages])
    if check_fit:
        rendered.overflows = overflows(document)
    if collect:
        for page in document.pages:
            height = page.height * PT_PER_PX
            rendered.anchors.append({
                name: (x1 * PT_PER_PX, height - y1 * PT_PER_PX, x2 * PT_PER_PX, height - y2 * PT_PER_PX)
                for name, (x1, y1, x2, y2) in page.anchors.items()})
        rendered.outline = _plain(document.make_bookmark_tree(PT_PER_PX, transform_pages=True))
    return rendered


def overflows(document) -> list[str]:
    """Boxes whose right edge passes the printable area of their page, by more than half a point."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        right = box.content_box_x() + box.width
        # The page's first child is the document's root; the rest are margin boxes (page numbers).
        for child in box.children[0].descendants() if box.children else ():
            tag = getattr(child, "element_tag", None)
            if tag is None or not hasattr(child, "border_box_x") or child.width is None:
                continue
            over = child.border_box_x() + child.border_width() - right
            if over > 0.5 / PT_PER_PX:
                found.append(f"<{tag}> on page {number}, {over * PT_PER_PX:.0f} pt too wide")
    return list(dict.fromkeys(found))


def _plain(tree) -> list:
    # WeasyPrint's bookmark tuples, as plain ones that cross a process boundary.
    return [(label, tuple(target), _plain(children), state) for label, target, children, state in tree]


# --- laying out in parts, side by side ------------------------------------------------------

_worker_queue = None


# A worker's collector thresholds (Python's default is 700, 10, 10). Laying a page out makes
# and drops millions of small objects, few of them in cycles; at the default the collector ran
# so often that it took a sixth of a part's time. The workers do nothing else and end with the job.
WORKER_GC_THRESHOLDS = (100_000, 50, 1000)


PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """In a child process: be killed (SIGKILL) when the parent dies, however it dies (Linux's
    prctl PR_SET_PDEATHSIG; elsewhere nothing). Should the parent already be gone, exit now."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        logging.getLogger(__name__).warning("could not tie the layout worker to its parent", exc_info=True)
    if os.getppid() != parent_pid:
        os._exit(1)


def _worker_start(progress_queue, parent_pid: int | None = None) -> None:
    global _worker_queue
    if parent_pid is not None:
        die_with_parent(parent_pid)
    _worker_queue = progress_queue
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _worker_warm() -> None:
    # Import WeasyPrint and load the fonts while the caller is still preparing the parts.
    render_pdf("<p>あ</p>")


def _worker_render(key, html: str, stylesheets: list[str]) -> Rendered:
    def on_page(number: int) -> None:
        _worker_queue.put((key, number))

    return render_pdf(html, stylesheets=stylesheets, on_page=on_page, collect=True)


class Workers:
    """Processes that lay out documents side by side, one a core.

        with Workers(2, on_page=...) as workers:
            first, second = workers.render([(html, [css]), (html2, [css])])

    The processes are started fresh (spawn), not forked: a fork taken while another thread holds
    a lock (a log handler's, fontconfig's) can hang the child. They die with the process that
    started them (die_with_parent: even a kill -9 of the worker leaves none behind), and are
    killed when the work ends with an exception. on_page(n) gets the pages laid out so far in the
    documents asked to be counted, in all rounds together.
    """

    def __init__(self, count: int, *, on_page: Callable[[int], None] | None = None):
        context = multiprocessing.get_context("spawn")
        # A SimpleQueue writes at once, not from a feeder thread: a part's page reports are all
        # in the pipe before its result is, so none is missed when the part is done.
        self._queue = context.SimpleQueue()
        self._executor = ProcessPoolExecutor(count, mp_context=context, initializer=_worker_start,
                                             initargs=(self._queue, os.getpid()))
        self._on_page = on_page
        self._pages: dict = {}
        self._counted: set = set()
        self._round = 0
        for _ in range(count):
            self._executor.submit(_worker_warm)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        # Not waiting for the processes to end: every result is in by now, and a worker that has
        # laid out a large part takes a second to free its memory and exit. After an exception
        # they may still be laying out a part nobody wants: they are killed.
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        if exc_type is not None:
            for process in processes:
                if process.is_alive():
                    process.kill()

    def pids(self) -> list[int]:
        return [p.pid for p in (getattr(self._executor, "_processes", None) or {}).values()]

    def render(self, documents: Sequence[tuple[str, list[str]]], *, counted: Iterable[int] | None = None,
               costs: Sequence[float] | None = None) -> list[Rendered]:
        """Render the documents, the costliest first (by default the longest) so that the
        processes finish close together."""
        self._round += 1
        counted = set(range(len(documents)) if counted is None else counted)
        self._counted |= {(self._round, i) for i in counted}
        costs = costs or [len(html) for html, _stylesheets in documents]
        order = sorted(range(len(documents)), key=lambda i: -costs[i])
        futures = {self._executor.submit(_worker_render, (self._round, i), *documents[i]): i for i in order}
        pending = set(futures)
        while pending:
            _done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            self._report()
        self._report()
        results: list[Rendered] = [None] * len(documents)  # type: ignore[list-item]
        for future, i in futures.items():
            results[i] = future.result()
        return results

    def _report(self) -> None:
        changed = False
        while not self._queue.empty():
            key, number = self._queue.get()
            if key in self._counted and number > self._pages.get(key, 0):
                self._pages[key] = number
                changed = True
        if changed and self._on_page is not None:
            self._on_page(sum(self._pages.values()))


def combine(documents: Sequence[Rendered], pages: Sequence[tuple[int, int]], *,
            stamps: dict[int, list[tuple[int, int, float]]] | None = None, outline: Sequence = (),
            info_from: int = 0) -> bytes:
    """Put pages of several rendered documents together into one PDF.

    pages: the new document's pages in order, as (document, page) pairs. stamps: {new page:
    [(document, page, dx), …]} drawn over that page, each moved dx points to the right (page
    numbers made separately, a digit at a time). outline: trees as
    Rendered.outline, with pages already counted in the new document. Links made with
    LINK_SCHEME go to the element of that id wherever it ended up; the title, author and
    language are those of documents[info_from].
    """
    import pikepdf

    sources = [pikepdf.open(io.BytesIO(document.pdf)) for document in documents]
    out = pikepdf.new()
    with warnings.catch_warnings():
        # pikepdf warns that named destinations do not come along: links are made again below.
        warnings.simplefilter("ignore", category=pikepdf.PageCopyWarning)
        for document, page in pages:
            out.pages.append(sources[document].pages[page])
    # Each stamp page made a form once, however many pages it is drawn on (a digit, ~300 times).
    forms: dict[tuple[int, int], pikepdf.Object] = {}
    for number, overlays in (stamps or {}).items():
        target = out.pages[number]
        x1, y1, x2, y2 = (float(v) for v in target.mediabox)
        for document, page, dx in overlays:
            if (document, page) not in forms:
                forms[document, page] = out.copy_foreign(sources[document].pages[page].as_form_xobject())
            target.add_overlay(forms[document, page], pikepdf.Rectangle(x1 + dx, y1, x2 + dx, y2))

    _link_across(out, pages, documents)
    if outline:
        with out.open_outline() as tree:
            tree.root.extend(_outline_items(out, outline))
    source = sources[info_from]
    for key in ("/Title", "/Author", "/Creator", "/Producer"):
        if key in source.docinfo:
            out.docinfo[key] = source.docinfo[key]
    if "/Lang" in source.Root:
        out.Root.Lang = source.Root.Lang
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _link_across(out, pages: Sequence[tuple[int, int]], documents: Sequence[Rendered]) -> None:
    """Point each LINK_SCHEME link at the page and place of the element it names (dropping a
    link to an id that is nowhere)."""
    import pikepdf

    targets: dict[str, tuple[int, float, float]] = {}
    for number, (document, page) in enumerate(pages):
        anchors = documents[document].anchors
        for name, (x1, y1, _x2, _y2) in (anchors[page] if anchors else {}).items():
            targets.setdefault(name, (number, x1, y1))
    for page in out.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        kept = pikepdf.Array()
        for annotation in annotations:
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(LINK_SCHEME):
                target = targets.get(uri.removeprefix(LINK_SCHEME))
                if target is None:
                    continue
                del annotation["/A"]
                annotation.Dest = pikepdf.Array([out.pages[target[0]].obj, pikepdf.Name.XYZ, target[1], target[2], 0])
            kept.append(annotation)
        page.obj.Annots = kept


def _outline_items(out, tree) -> list:
    import pikepdf

    made = []
    for title, (number, x, y), children, state in tree:
        item = pikepdf.OutlineItem(title, pikepdf.Array([out.pages[number].obj, pikepdf.Name.XYZ, x, y, 0]))
        item.children.extend(_outline_items(out, children))
        item.is_closed = state == "closed"
        made.append(item)
    return made
