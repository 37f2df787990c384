from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from attune_app.cli import main
from attune_app.reports.session_report import report_family, report_session
from attune_app.services.comments import comment_on_session
from attune_app.services.people import act_as
from attune_app.services.supervision import sign_off
from attune_app.store.audit import entries_for
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library
from tests.services.family_cycles import add_family_with_cycles
from tests.services.supervision_people import add_staff


class _Tables(HTMLParser):
    """Each table's rows of cell texts by id, and the images' sources."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.images: list[str] = []
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self._table = values.get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "img":
            self.images.append(values.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def reviewed(library: Library) -> tuple[Library, list[int]]:
    add_staff(library)
    sessions = add_family_with_cycles(library)
    act_as(library, "Sam")
    comment_on_session(library, sessions[0], "Good wait before responding")
    sign_off(library, sessions[0])
    return library, sessions


def test_family_html_has_counts_latency_cycles_and_supervision(
    reviewed: tuple[Library, list[int]], tmp_path: Path
) -> None:
    library, sessions = reviewed
    out = tmp_path / "family.html"
    report_family(library, "F-001", out)
    html = out.read_text(encoding="utf-8")
    parsed = _Tables()
    parsed.feed(html)
    t = parsed.tables
    assert t["cues"][1:] == [["Smiles", "9"], ["Looks away", "3"]]
    assert t["responses"][1:] == [["Smiles back", "9"]]
    assert t["principles"][1:] == [["Receiving initiatives", "9"]]
    # 2, 3 and 4 answered moments in 10 s each: 20, 30, 40 per 10 minutes
    assert [row[0] for row in t["cycles"][1:]] == ["1", "2", "3"]
    assert [row[4] for row in t["cycles"][1:]] == ["120.0", "180.0", "240.0"]
    assert [row[5] for row in t["cycles"][1:]] == ["2.00", "1.00", "0.40"]
    # latencies 2,2,1,1,1,0.4,0.4,0.4,0.4: median 1.0, quartiles 0.4 and 1.0
    assert re.search(r"9 moments: median 1\.00 s, interquartile range 0\.40–1\.00 s", html)
    assert t["sign-offs"][1][:2] == [str(sessions[0]), "Sam"]
    assert t["comments"][1][4] == "Good wait before responding"
    assert len(parsed.images) == 2 and all(
        s.startswith("data:image/png;base64,") for s in parsed.images
    )
    assert "Private" not in html and "visit.mp4" not in html  # no note, no file name
    assert "http" not in html.replace("data:image", "")  # self-contained
    [entry] = [e for e in entries_for(library.db, "family", 1) if e.action == "make_report"]
    assert entry.details["format"] == "html" and entry.details["sessions"] == sessions


def test_session_pdf_text(reviewed: tuple[Library, list[int]], tmp_path: Path) -> None:
    library, sessions = reviewed
    out = tmp_path / "session.pdf"
    data = report_session(library, sessions[1], out)
    assert [c.cycle for c in data.cycles] == [1, 2]  # its family's cycles up to its own
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "cycle 2" in text and "Smiles back" in text
    assert "3 moments: median 1.00 s" in text
    assert "Not signed off yet." in text  # session 2 was not signed off
    assert "Private" not in text


def test_bad_suffix_writes_nothing(reviewed: tuple[Library, list[int]], tmp_path: Path) -> None:
    library, sessions = reviewed
    with pytest.raises(InvalidChangeError, match=r"\.pdf or \.html"):
        report_session(library, sessions[0], tmp_path / "report.docx")
    assert list(tmp_path.iterdir()) == [tmp_path / "library"]


def test_report_cli(
    reviewed: tuple[Library, list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library, _ = reviewed
    path = library.path
    library.close()
    out = tmp_path / "f.pdf"
    code = main(["report", "family", "F-001", str(out), "--library", str(path), "--as", "Sam"])
    assert code == 0 and capsys.readouterr().out.strip() == str(out)
    assert PdfReader(out).pages
    code = main(["report", "family", "NOPE", str(out), "--library", str(path), "--as", "Sam"])
    assert code == 1 and "no family with the reference 'NOPE'" in capsys.readouterr().err
