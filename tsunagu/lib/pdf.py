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
fetch a URL.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "Tsunagu Gothic"
FALLBACK_FAMILY = "Noto Sans CJK JP"
FONT_STACK = f'"{FAMILY}", "{FALLBACK_FAMILY}", sans-serif'
FACES = (("BIZUDPGothic-Regular.ttf", 400), ("BIZUDPGothic-Bold.ttf", 700))

# Files a rendered page may load: the fonts, and the templates' own assets (icons).
ALLOWED_ROOTS = (FONTS_DIR, Path(settings.BASE_DIR) / "templates")


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
               on_stage: Callable[[str], None] | None = None) -> Rendered:
    """Lay out the HTML on pages and return the PDF.

    on_page(n) is called as page n is laid out (WeasyPrint may lay a page out again when page
    numbers in the contents change it), and on_stage(name) as the steps around the layout begin
    ("parse", "style", "boxes", "write"), for progress bars.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    missing: list[str] = []

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
    return Rendered(pdf=pdf, pages=len(document.pages), missing_glyphs=sorted(set(missing)))
