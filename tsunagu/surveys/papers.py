"""A survey's papers (placeholder while written)."""
from tsunagu.lib.pdf import Rendered  # noqa
