"""Charts as SVG, made at build time with matplotlib (imported only when a chart is drawn)."""

from __future__ import annotations

import io
from collections.abc import Sequence


def bar_svg(
    labels: Sequence[str], values: Sequence[float], title: str, horizontal: bool = False
) -> bytes:
    """A plain bar chart; the same input gives the same bytes (reproducible builds)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with matplotlib.rc_context({"svg.hashsalt": "klachtenregister", "svg.fonttype": "none",
                                "font.size": 10, "axes.spines.top": False,
                                "axes.spines.right": False}):  # fmt: skip
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
