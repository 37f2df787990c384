"""Each released schema's checked-in library upgrades to the current one, equal to a fresh one."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from attune_app.services import list_tags, search
from attune_app.store.backup import list_backups
from attune_app.store.check import check_library
from attune_app.store.library import DB_NAME, Library
from attune_app.store.migrations import SCHEMA_VERSION, schema_version

DATA = Path(__file__).resolve().parents[1] / "data"
V1_CLIP_BYTES = b"attune v1 test clip"


def _schema(path: Path) -> list[tuple[str, str]]:
    """Every table, index, trigger and view as SQL, ignoring the order they were made in."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    conn.close()
    return [(str(name), str(sql)) for name, sql in rows]


def _v1_library(tmp_path: Path) -> Path:
    folder = tmp_path / "old"
    (folder / "media").mkdir(parents=True)
    shutil.copy(DATA / "library-v1.sqlite", folder / DB_NAME)
    digest = hashlib.sha256(V1_CLIP_BYTES).hexdigest()
    (folder / "media" / f"{digest}.mp4").write_bytes(V1_CLIP_BYTES)
    return folder


def test_v1_is_backed_up_then_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    folder = _v1_library(tmp_path)
    with Library.open(folder) as library:
        assert schema_version(library.db) == SCHEMA_VERSION
        assert any("Upgraded the library from schema v1" in n for n in library.notices)
        [before] = [b for b in list_backups(library.backups_dir) if b.label]
        assert before.label == "before-upgrade-from-v1"
        with sqlite3.connect(before.path) as old:
            assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        old.close()
        tags = list_tags(library, 1)
        assert [t.latency_frames for t in tags] == [8, 8]
        assert {h.kind for h in search(library, "smiled")} == {"tag"}
        assert {h.kind for h in search(library, "telling")} == {"reflection"}
        assert {h.kind for h in search(library, "pacing")} == {"comment"}
        assert {h.kind for h in search(library, "face")} == {"reel_item"}
        report = check_library(library)
        assert report.ok, report.problems


def test_fresh_schema_equals_upgraded_schema(tmp_path: Path) -> None:
    folder = _v1_library(tmp_path)
    Library.open(folder).close()
    Library.open(tmp_path / "fresh", create=True).close()
    assert _schema(folder / DB_NAME) == _schema(tmp_path / "fresh" / DB_NAME)
