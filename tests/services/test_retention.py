"""The retention policy (set by an admin) and the due-for-erasure list, by service and CLI."""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.services import add_family, add_person, add_session, ensure_local_person
from attune_app.services.retention import (
    add_months,
    close_case,
    due_for_erasure,
    get_policy,
    set_policy,
)
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def test_add_months_keeps_the_day_or_the_month_end() -> None:
    assert add_months("2026-01-31", 1) == "2026-02-28"
    assert add_months("2026-11-15", 3) == "2027-02-15"


def test_due_after_last_session_or_after_closing(library: Library) -> None:
    old = add_family(library, "F-OLD")
    add_session(library, old.id, "2025-01-10")
    add_session(library, old.id, "2025-06-01")
    recent = add_family(library, "F-NEW")
    add_session(library, recent.id, "2026-05-01")
    closed = add_family(library, "F-CLOSED")
    add_session(library, closed.id, "2026-04-01")
    close_case(library, "F-CLOSED", closed_on="2026-05-02")
    assert due_for_erasure(library) == []  # no policy: nothing is due
    set_policy(library, months_after_last_session=12, months_after_closed=2)
    due = due_for_erasure(library, on=Date(2026, 7, 2))
    assert [(d.family.ref, d.due_on, d.reason) for d in due] == [
        ("F-OLD", "2026-06-01", "last_session"),
        ("F-CLOSED", "2026-07-02", "closed"),
    ]
    assert [d.family.ref for d in due_for_erasure(library, on=Date(2026, 7, 1))] == ["F-OLD"]


def test_only_an_admin_sets_the_policy(library: Library) -> None:
    set_policy(library, months_after_last_session=6, months_after_closed=None)  # first: admin
    admin = library.actor
    worker = add_person(library, "Sam", "practitioner")
    library.actor = worker.id
    with pytest.raises(InvalidChangeError, match="Only an admin"):
        set_policy(library, months_after_last_session=1, months_after_closed=None)
    assert get_policy(library).months_after_last_session == 6
    library.actor = admin
    with pytest.raises(InvalidChangeError, match="1 to 240"):
        set_policy(library, months_after_last_session=0, months_after_closed=None)


def test_cli_retention(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, create=True, auto_backup=False) as library:
        ensure_local_person(library)
        family = add_family(library, "F-4")
        add_session(library, family.id, "2020-01-01")
    lib = ["--library", str(folder)]
    assert main(["retention", "due", *lib]) == 0
    assert "no retention policy is set" in capsys.readouterr().err
    assert main(["retention", "set", "--months-after-last-session", "6", *lib]) == 0
    assert "erase 6 months after a family's last session" in capsys.readouterr().err
    assert main(["retention", "due", *lib]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "F-4\t2020-01-01\t\t2020-07-01\tafter the last session"
    assert main(["person", "add", "Robin", "--profile", "practitioner", *lib]) == 0
    capsys.readouterr()
    code = main(["retention", "set", "--months-after-closed", "2", "--as", "Robin", *lib])
    assert code == 1 and "Only an admin" in capsys.readouterr().err
    assert main(["family", "close", "F-4", "--on", "2026-01-01", *lib]) == 0
    assert capsys.readouterr().out.strip().isdigit()
