"""A report as a PDF, with fpdf2; text in DejaVu Sans (shipped with matplotlib) so any
character a comment holds can be written."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from attune_app.domain.timecode import format_seconds
from attune_app.reports.report_data import ReportData

_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def render_pdf(data: ReportData, charts: dict[str, bytes]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(data.title)
    pdf.set_creator("Attune")
    pdf.set_author("")
    pdf.add_font("DejaVu", "", str(_FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, data.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(
        0,
        5,
        "Codes and times only: no names, notes or parents' words.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _heading(pdf, "Sessions and clips")
    rows = [
        (
            str(s.session_id),
            s.date,
            str(s.cycle),
            s.practitioner,
            s.state,
            "; ".join(
                f"clip {c.number}: {format_seconds(c.duration_s, with_ms=False)}, {c.tags} tags"
                for c in s.clips
            ),
        )
        for s in data.sessions
    ]
    _table(pdf, ("Session", "Date", "Cycle", "Practitioner", "State", "Clips"), rows)
    _heading(pdf, "Counts")
    for title, counts in (
        ("Infant cues", data.cue_counts),
        ("Parent responses", data.response_counts),
        ("Principles", data.principle_counts),
    ):
        _subheading(pdf, title)
        if counts:
            _table(pdf, ("Code", "Moments"), [(k, str(n)) for k, n in counts])
        else:
            _text(pdf, "None marked.")
    _heading(pdf, "Response latency")
    lat = data.latency
    if lat.median_s is None:
        _text(pdf, "No moment has both a cue and a response marked.")
    else:
        _text(
            pdf,
            f"{len(lat.values_s)} moments: median {lat.median_s:.2f} s, interquartile range "
            f"{lat.q1_s:.2f}–{lat.q3_s:.2f} s (IQR {lat.iqr_s:.2f} s).",
        )
    _image(pdf, charts.get("latency"))
    _heading(pdf, "Change across cycles")
    cycle_rows = [
        (
            str(c.cycle),
            f"{c.minutes:.1f}",
            str(c.tags),
            str(c.attuned),
            f"{c.attuned_per_10_min:.1f}",
            "–" if c.median_latency_s is None else f"{c.median_latency_s:.2f}",
        )
        for c in data.cycles
    ]
    _table(pdf, ("Cycle", "Minutes", "Tags", "Attuned", "Per 10 min", "Median (s)"), cycle_rows)
    _image(pdf, charts.get("cycles"))
    _heading(pdf, "Supervision")
    if data.sign_offs:
        _table(
            pdf,
            ("Session", "Signed off by", "On"),
            [(str(o.session_id), o.supervisor, o.at[:10]) for o in data.sign_offs],
        )
    else:
        _text(pdf, "Not signed off yet.")
    _subheading(pdf, "Comments")
    if not data.comments:
        _text(pdf, "No comments.")
    for c in data.comments:
        state = "resolved" if c.resolved else "open"
        lead = "    ↳ " if c.reply else ""
        _text(pdf, f"{lead}Session {c.session_id}, {c.where} — {c.author}, {c.at[:10]} ({state}):")
        _text(pdf, f"{lead}{c.text}")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)


def _subheading(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)


def _text(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    pdf.set_font("DejaVu", "", 8)
    heading = FontFace(emphasis="BOLD", fill_color=(238, 243, 246))
    with pdf.table(headings_style=heading, line_height=5) as table:
        for row in [headers, *rows]:
            line = table.row()
            for value in row:
                line.cell(value)
    pdf.ln(1)


def _image(pdf: FPDF, png: bytes | None) -> None:
    if png is not None:
        pdf.image(io.BytesIO(png), w=170)
