"""`attune report session|family`: gather, draw the charts, render PDF or HTML by the file's
suffix, write atomically, audit (kind, format and counts; never text)."""

from __future__ import annotations

from pathlib import Path

from attune_app.reports.charts import cycles_chart, latency_chart
from attune_app.reports.html_report import render_html
from attune_app.reports.pdf_report import render_pdf
from attune_app.reports.report_data import ReportData, family_report_data, session_report_data
from attune_app.services.permissions import require
from attune_app.store.errors import InvalidChangeError
from attune_app.store.files import atomic_write_bytes
from attune_app.store.library import Library

FORMATS = (".pdf", ".html")


def report_session(library: Library, session_id: int, target: Path) -> ReportData:
    require(library, "make_report")
    fmt = _format(target)
    data = session_report_data(library, session_id)
    _write(data, target, fmt)
    _audit(library, "session", session_id, data, fmt)
    return data


def report_family(library: Library, family_ref: str, target: Path) -> ReportData:
    require(library, "make_report")
    fmt = _format(target)
    data = family_report_data(library, family_ref)
    family_id = int(
        library.db.execute("SELECT id FROM families WHERE ref = ?", [data.family_ref]).fetchone()[0]
    )
    _write(data, target, fmt)
    _audit(library, "family", family_id, data, fmt)
    return data


def render(data: ReportData, fmt: str) -> bytes:
    charts = {"latency": latency_chart(data.latency.values_s), "cycles": cycles_chart(data.cycles)}
    if fmt == ".pdf":
        return render_pdf(data, charts)
    return render_html(data, charts).encode("utf-8")


def write_report(data: ReportData, target: Path) -> None:
    """Render and write `data` (atomically) by the target's suffix. Touches no database, so it
    may run off the GUI thread; the caller audits with `record_report` afterwards."""
    _write(data, Path(target), _format(target))


def record_report(library: Library, data: ReportData, target: Path) -> None:
    """Audit a report written with `write_report` (kind, format, sessions; no text)."""
    session_id = data.sessions[0].session_id if data.sessions else None
    if data.scope == "session" and session_id is not None:
        _audit(library, "session", session_id, data, _format(target))
        return
    row = library.db.execute("SELECT id FROM families WHERE ref = ?", [data.family_ref]).fetchone()
    _audit(library, "family", int(row[0]), data, _format(target))


def check_report_target(target: Path) -> None:
    _format(target)


def _format(target: Path) -> str:
    suffix = Path(target).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidChangeError(
            f"{target}: a report is written as .pdf or .html; name the file with one of those."
        )
    return suffix


def _write(data: ReportData, target: Path, fmt: str) -> None:
    atomic_write_bytes(Path(target), render(data, fmt))


def _audit(library: Library, entity: str, entity_id: int, data: ReportData, fmt: str) -> None:
    if library.read_only:
        return
    with library.transaction():
        library.audit(
            "make_report",
            entity,
            entity_id,
            {
                "format": fmt.lstrip("."),
                "sessions": [s.session_id for s in data.sessions],
                "comments": len(data.comments),
            },
        )
