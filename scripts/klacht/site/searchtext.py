"""The site's text as its search reads it. Material's search plugin joins the text of adjacent
table cells without a space ("ontvangen06-11-2026 16:10aangenomen door"); a space between cells,
rows and table parts while it reads the page makes the results read as text. The page is written
as it was: `cells_together` takes exactly those spaces out again."""

from __future__ import annotations

import re

_CELL_END = re.compile(r"(</(?:td|th|tr|thead|tbody|tfoot|caption)>)(?=<)")
_CELL_APART = re.compile(r"(</(?:td|th|tr|thead|tbody|tfoot|caption)>) (?=<)")


def cells_apart(html: str) -> str:
    """The page's HTML with a space after each closing table cell, row and part."""
    return _CELL_END.sub(r"\1 ", html)


def cells_together(html: str) -> str:
    """`cells_apart` undone: the page's HTML as the theme wrote it."""
    return _CELL_APART.sub(r"\1", html)
