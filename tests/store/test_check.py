from __future__ import annotations

from pathlib import Path

from attune_app.store.check import check_library
from attune_app.store.library import Library


def _audit_some(library: Library, count: int = 3) -> None:
    for n in range(count):
        with library.transaction():
            library.audit("test", "thing", n, {"n": n})


def test_clean_library_passes(library: Library) -> None:
    _audit_some(library)
    report = check_library(library)
    assert report.ok and report.repairs == [] and report.problems == []


def test_tampered_audit_entry_is_found(library: Library) -> None:
    _audit_some(library)
    library.db.execute("DROP TRIGGER audit_log_no_update")
    library.db.execute("UPDATE audit_log SET details = '{\"n\": 99}' WHERE entity_id = 1")
    report = check_library(library)
    assert not report.ok
    assert any("contents do not match its hash" in p.what for p in report.problems)


def test_deleted_audit_entry_breaks_the_chain(library: Library) -> None:
    _audit_some(library)
    library.db.execute("DROP TRIGGER audit_log_no_delete")
    last_but_one = library.db.execute("SELECT max(id) - 1 FROM audit_log").fetchone()[0]
    library.db.execute("DELETE FROM audit_log WHERE id = ?", [last_but_one])
    report = check_library(library)
    assert any("does not follow" in p.what for p in report.problems)


def test_repairs_are_safe_and_harmless_twice(library: Library) -> None:
    leftover = library.media_dir / ".import-abc.part"
    leftover.write_bytes(b"half a clip")
    stray = library.media_dir / ("0" * 64 + ".mp4")
    stray.write_bytes(b"x")
    library.db.execute("INSERT INTO tags_fts(tags_fts) VALUES('delete-all')")  # no-op: empty
    first = check_library(library)
    assert first.ok and not leftover.exists() and stray.exists()
    assert any("unfinished" in r for r in first.repairs)
    assert any("belongs to no clip" in p.what for p in first.problems)  # a warning only
    second = check_library(library)
    assert second.repairs == [] and second.ok


def test_foreign_key_damage_is_reported(library_path: Path) -> None:
    with Library.open(library_path, create=True) as library:
        library.db.execute("PRAGMA foreign_keys = OFF")
        library.db.execute(
            "INSERT INTO sessions (family_id, date, kind) VALUES (42, '2026-01-01', 'filming')"
        )
        library.db.execute("PRAGMA foreign_keys = ON")
        report = check_library(library)
        assert not report.ok
        assert any("missing row of families" in p.what for p in report.problems)


def test_a_damaged_search_index_is_rebuilt(library: Library) -> None:
    library.db.execute("INSERT INTO comments (text, created_at) VALUES ('gentle waiting', 'now')")
    library.db.execute(
        "INSERT INTO comments_fts(comments_fts, rowid, text) VALUES('delete', 1, 'gentle waiting')"
    )
    find = "SELECT rowid FROM comments_fts WHERE comments_fts MATCH 'gentle'"
    assert library.db.execute(find).fetchall() == []
    assert not check_library(library, repair=False).ok
    report = check_library(library)
    assert "Rebuilt the search index of comments." in report.repairs
    assert library.db.execute(find).fetchall() == [(1,)]
    assert check_library(library).repairs == []
