"""The report's charts as PNG bytes, drawn with matplotlib's Agg renderer (no display, no
pyplot state: each chart is its own Figure, so this is safe off the GUI thread)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.figure import Figure

from attune_app.reports.report_data import CycleFigures

_SIZE_IN = (6.0, 2.6)
_DPI = 110
_COLOUR = "#2e6f8e"


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.tight_layout()
    figure.savefig(out, format="png", dpi=_DPI)
    return out.getvalue()


def latency_chart(values_s: Sequence[float]) -> bytes:
    """How quickly the parent answered: a histogram of response latencies."""
    figure = Figure(figsize=_SIZE_IN)
    axes = figure.add_subplot()
    if values_s:
        bins = max(min(len(values_s), 12), 1)
        axes.hist(list(values_s), bins=bins, color=_COLOUR, edgecolor="white")
    else:
        axes.text(0.5, 0.5, "No cue and response marked yet", ha="center", va="center")
    axes.set_xlabel("Response latency (seconds)")
    axes.set_ylabel("Moments")
    axes.set_title("Response latency")
    return _png(figure)


def cycles_chart(cycles: Sequence[CycleFigures]) -> bytes:
    """Change across cycles: attuned moments per 10 minutes and median latency, side by side."""
    figure = Figure(figsize=(_SIZE_IN[0], _SIZE_IN[1] * 1.1))
    rate, latency = figure.subplots(1, 2)
    labels = [str(c.cycle) for c in cycles]
    rate.bar(labels, [c.attuned_per_10_min for c in cycles], color=_COLOUR)
    rate.set_title("Attuned moments per 10 min")
    rate.set_xlabel("Cycle")
    medians = [c.median_latency_s for c in cycles]
    shown = [(label, m) for label, m in zip(labels, medians, strict=True) if m is not None]
    if shown:
        latency.plot([s[0] for s in shown], [s[1] for s in shown], marker="o", color=_COLOUR)
    latency.set_title("Median latency (s)")
    latency.set_xlabel("Cycle")
    latency.set_ylim(bottom=0)
    return _png(figure)
