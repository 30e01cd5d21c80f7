"""The Content-Security-Policy middleware (django-csp), with one exception for PDFs.

Chrome shows a PDF opened in a tab (「PDFで開く」) in its own viewer: a page it makes around the
file, which embeds it as a plugin and styles itself inline, under the policy of the PDF's
response. object-src 'none' leaves that tab blank ("This content is blocked"; crbug.com/271452),
so a PDF's response lets the document embed itself and the viewer style itself. Scripts stay
refused: the PDF's text is laid out by WeasyPrint on the server, never read as HTML."""

from __future__ import annotations

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts

PDF_REPLACE = {"object-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"]}


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if response.get("Content-Type", "").startswith("application/pdf"):
            parts.replace = {**PDF_REPLACE, **(parts.replace or {})}
        return parts
