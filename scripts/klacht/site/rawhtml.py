"""The generated pages' raw HTML blocks kept out of Markdown's way. Python-Markdown passes a raw
HTML block through as it is, but only after its HTML parser has read it, which is most of a
generated page's conversion time (tables, forms). `set_aside` swaps each paragraph that is one
block-level element for a comment, which Markdown passes through at once; `put_back` swaps the
elements back into the converted page, which is then what Markdown would have written."""

from __future__ import annotations

import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

_PARAGRAPHS = re.compile(r"(\n{2,})")
_OPENING = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_PLACEHOLDER = re.compile(r"<!--klacht-raw-(\d+)-->")
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """`markdown` with every paragraph that is one block-level element (it opens with the tag at
    the start of a line and closes it at its end) replaced by a placeholder, and those
    paragraphs in order."""
    blocks: list[str] = []
    parts = _PARAGRAPHS.split(markdown)
    for i in range(0, len(parts), 2):  # the separators sit at the odd places
        part = parts[i].rstrip()
        opening = _OPENING.match(part)
        if opening and opening[1] in _BLOCK_LEVEL and part.endswith(f"</{opening[1]}>"):
            parts[i] = f"<!--klacht-raw-{len(blocks)}-->{parts[i][len(part) :]}"
            blocks.append(part)
    return "".join(parts), blocks


def put_back(html: str, blocks: list[str]) -> str:
    """The converted page with the set-aside paragraphs in place of their placeholders."""
    if not blocks:
        return html
    return _PLACEHOLDER.sub(lambda found: blocks[int(found[1])], html)
