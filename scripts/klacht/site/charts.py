"""Charts as SVG, made at build time with matplotlib (imported only when a chart is drawn; a
chart drawn before with the same data is taken from the cache folder, when one is given)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from klacht import cache as cache_file

_SOURCE = cache_file.fingerprint(Path(__file__))


def bar_svg(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    horizontal: bool = False,
    cache: Path | None = None,
) -> bytes:
    """A plain bar chart; the same input gives the same bytes (reproducible builds)."""
    if cache is None:
        return _draw(labels, values, title, horizontal)
    key = repr((list(labels), list(values), title, horizontal, version("matplotlib"), _SOURCE))
    path = cache / f"{cache_file.digest(key)}.svg"
    if path.is_file():
        return path.read_bytes()
    svg = _draw(labels, values, title, horizontal)
    with contextlib.suppress(OSError):
        cache_file.write(path, svg)
    return svg


def _draw(labels: Sequence[str], values: Sequence[float], title: str, horizontal: bool) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    # Labels are text from records: never read as mathtext (`$…$`), which would fail or mislead.
    style = {
        "svg.hashsalt": "klachtenregister",
        "svg.fonttype": "none",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "text.parse_math": False,
    }
    with matplotlib.rc_context(style):
        height = max(2.5, 0.35 * len(labels) + 1) if horizontal else 3.2
        fig, ax = plt.subplots(figsize=(7.5, height))
        positions = range(len(labels))
        if horizontal:
            ax.barh(positions, values, color="#3f51b5")
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()
        else:
            ax.bar(positions, values, color="#3f51b5")
            ax.set_xticks(list(positions), labels, rotation=45, ha="right")
        ax.set_title(title)
        (ax.xaxis if horizontal else ax.yaxis).get_major_locator().set_params(integer=True)
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
        plt.close(fig)
    return out.getvalue().encode("utf-8")
