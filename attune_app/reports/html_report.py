"""A report as one self-contained HTML file: styles inline, charts as PNG data URIs."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from attune_app.domain.timecode import format_seconds
from attune_app.reports.report_data import ReportData

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 860px; margin: 2em auto; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
th { background: #eef3f6; } td.n { text-align: right; }
.muted { color: #666; } img { max-width: 100%; }
"""


def render_html(data: ReportData, charts: dict[str, bytes]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(data.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(data.title)}</h1>",
        '<p class="muted">Codes and times only: no names, notes or parents\' words.</p>',
        "<h2>Sessions and clips</h2>",
        _table(
            ("Session", "Date", "Cycle", "Kind", "Practitioner", "Review state", "Clips"),
            [
                (
                    s.session_id,
                    s.date,
                    s.cycle,
                    s.kind.replace("_", " "),
                    s.practitioner,
                    s.state,
                    "; ".join(
                        f"clip {c.number}: {format_seconds(c.duration_s, with_ms=False)}, "
                        f"{c.tags} tags"
                        for c in s.clips
                    ),
                )
                for s in data.sessions
            ],
            table_id="sessions",
        ),
        "<h2>Counts</h2>",
        _counts("Infant cues", data.cue_counts, "cues"),
        _counts("Parent responses", data.response_counts, "responses"),
        _counts("Principles", data.principle_counts, "principles"),
        "<h2>Response latency</h2>",
        _latency_text(data),
        _image(charts.get("latency"), "Distribution of response latencies"),
        "<h2>Change across cycles</h2>",
        _table(
            ("Cycle", "Minutes filmed", "Tags", "Attuned moments", "Per 10 min", "Median (s)"),
            [
                (
                    c.cycle,
                    f"{c.minutes:.1f}",
                    c.tags,
                    c.attuned,
                    f"{c.attuned_per_10_min:.1f}",
                    "–" if c.median_latency_s is None else f"{c.median_latency_s:.2f}",
                )
                for c in data.cycles
            ],
            table_id="cycles",
        ),
        _image(charts.get("cycles"), "Attuned moments per 10 minutes and median latency by cycle"),
        "<h2>Supervision</h2>",
        _supervision(data),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _latency_text(data: ReportData) -> str:
    lat = data.latency
    if lat.median_s is None:
        return '<p id="latency">No moment has both a cue and a response marked.</p>'
    return (
        f'<p id="latency">{len(lat.values_s)} moments: median {lat.median_s:.2f} s, '
        f"interquartile range {lat.q1_s:.2f}–{lat.q3_s:.2f} s "
        f"(IQR {lat.iqr_s:.2f} s).</p>"
    )


def _supervision(data: ReportData) -> str:
    signed = (
        _table(
            ("Session", "Signed off by", "On"),
            [(o.session_id, o.supervisor, o.at[:10]) for o in data.sign_offs],
            table_id="sign-offs",
        )
        if data.sign_offs
        else '<p id="sign-offs">Not signed off yet.</p>'
    )
    comments = (
        _table(
            ("Session", "By", "On", "About", "Comment", "Thread"),
            [
                (
                    c.session_id,
                    c.author,
                    c.at[:10],
                    c.where,
                    ("↳ " if c.reply else "") + c.text,
                    "resolved" if c.resolved else "open",
                )
                for c in data.comments
            ],
            table_id="comments",
        )
        if data.comments
        else '<p id="comments">No comments.</p>'
    )
    return signed + "\n<h3>Comments</h3>\n" + comments


def _counts(title: str, counts: Sequence[tuple[str, int]], table_id: str) -> str:
    if not counts:
        return f'<h3>{escape(title)}</h3><p id="{table_id}">None marked.</p>'
    return f"<h3>{escape(title)}</h3>" + _table(("Code", "Moments"), counts, table_id=table_id)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, table_id: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{v}</td>' if isinstance(v, int) else f"<td>{escape(str(v))}</td>"
            for v in row
        )
        + "</tr>"
        for row in rows
    )
    return f'<table id="{table_id}"><tr>{head}</tr>{body}</table>'


def _image(png: bytes | None, alt: str) -> str:
    if png is None:
        return ""
    encoded = base64.b64encode(png).decode("ascii")
    return f'<p><img alt="{escape(alt)}" src="data:image/png;base64,{encoded}"></p>'
