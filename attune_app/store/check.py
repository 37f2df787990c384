"""`attune library check`: find what is wrong, make only safe repairs, harmless to run twice.

Checks: SQLCipher's check of every page (an encrypted library), SQLite's quick_check, foreign
keys, the audit hash chain, the full-text indexes, reel positions, and every clip's media file
(present, same size, same hash). Repairs are logical (rebuild a search index, renumber a reel,
remove leftover temporary files) and happen in one transaction with an audit entry.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from attune_app.store import audit
from attune_app.store.erasure import compact
from attune_app.store.erasure_check import describe, scan_library
from attune_app.store.files import remove_quietly
from attune_app.store.library import Library
from attune_app.store.migrations import FTS_COLUMNS


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" | "warning"
    what: str
    advice: str = ""


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)  # what was checked and found in order

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def error(self, what: str, advice: str = "") -> None:
        self.problems.append(Problem("error", what, advice))

    def warning(self, what: str, advice: str = "") -> None:
        self.problems.append(Problem("warning", what, advice))


def check_library(library: Library, *, repair: bool = True, hash_media: bool = True) -> CheckReport:
    report = CheckReport()
    if library.encrypted:
        _cipher_check(library.db, report)
    if report.ok:
        _quick_check(library.db, report)
    if not report.ok:
        return report  # no repairs on a damaged file: restore a backup instead
    _foreign_keys(library.db, report)
    for broken in audit.verify_chain(library.db):
        report.error(
            f"Audit log entry {broken.entry_id} {broken.reason}.",
            "The audit trail was altered outside Attune; keep this library and tell your admin.",
        )
    _media(library, report, hash_media=hash_media)
    _erased_families(library, report, hash_media=hash_media, repair=repair)
    if repair and not library.read_only:
        _repair(library, report)
    elif not library.read_only:
        for table in _damaged_fts(library.db):
            report.error(f"The search index of {table} is out of step.", "Run the check to repair.")
    return report


def _quick_check(db: Database, report: CheckReport) -> None:
    try:
        results = [str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        results = [str(error)]
    if results != ["ok"]:
        report.error(
            "The database file is damaged: " + "; ".join(results[:5]),
            "Restore the newest good backup with `attune library restore`.",
        )


def _cipher_check(db: Database, report: CheckReport) -> None:
    """SQLCipher's HMAC check of every page, also those quick_check does not read (free pages)."""
    try:
        failing = [str(row[0]) for row in db.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        failing = [str(error)]
    if failing:
        report.error(
            "The encrypted database file is damaged: " + "; ".join(failing[:5]),
            "Restore the newest good backup with `attune library restore`.",
        )


def _foreign_keys(db: Database, report: CheckReport) -> None:
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()[:50]:
        report.error(f"Row {rowid} of {table} points to a missing row of {parent}.")


def _media(library: Library, report: CheckReport, *, hash_media: bool) -> None:
    rows = library.db.execute("SELECT id, media_hash, media_ext, size_bytes FROM clips").fetchall()
    known = set()
    for clip_id, digest, ext, size in rows:
        path = library.media_dir / f"{digest}{ext}"
        known.add(path.name)
        if not path.is_file():
            report.error(
                f"The media file of clip {clip_id} is missing ({path.name}).",
                "If you have the original, run `attune library relink FOLDER`.",
            )
        elif library.media_file_differs(path, size, digest, hash_media=hash_media):
            report.error(
                f"The media file of clip {clip_id} has changed ({path.name}).",
                "Relink the original with `attune library relink FOLDER` or restore a backup.",
            )
    for path in sorted(library.media_dir.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.name not in known:
            report.warning(
                f"{path.name} in media/ belongs to no clip.",
                "It is left alone; delete it if you do not need it.",
            )


def _erased_families(
    library: Library, report: CheckReport, *, hash_media: bool, repair: bool
) -> None:
    scan = scan_library(library.db, library.path, hash_media=hash_media)
    if not scan.erasures:
        return
    in_database = [n for n in scan.found if n.startswith(library.db_path.name)]
    if in_database and repair and not library.read_only:
        compact(library.db.conn)  # freed pages still held their words: rewrite the file
        report.repairs.append("Compacted the database so no freed page keeps erased words.")
        scan = scan_library(library.db, library.path, hash_media=hash_media)
    for name, kinds in scan.found.items():
        report.error(
            f"{name} still holds traces of an erased family ({describe(kinds)}).",
            "Close every other Attune window and run `attune library check` again (it compacts "
            "the database); for a backup or another file, delete it. If this stays, tell your "
            "admin.",
        )
    if not scan.found:
        report.verified.append(
            f"Nothing of the {scan.erasures} erased famil{'y' if scan.erasures == 1 else 'ies'} "
            f"was found in {scan.files_scanned} files (the database, its journal, the backups, "
            "the cache and the media folder)."
        )


def _repair(library: Library, report: CheckReport) -> None:
    for path in _leftovers(library):
        remove_quietly(path)
        report.repairs.append(f"Removed the unfinished file {path.name}.")
    with library.transaction() as db:
        done = [*_repair_fts(db), *_repair_reel_positions(db)]
        if done:
            library.audit("check_repair", "library", None, {"repairs": done})
    report.repairs += done


def _leftovers(library: Library) -> list[Path]:
    return [
        *library.media_dir.glob(".import-*.part"),
        *library.backups_dir.glob(".*.part"),
    ]


def _damaged_fts(db: Database) -> list[str]:
    damaged = []
    for table in FTS_COLUMNS:
        fts = f"{table}_fts"
        try:
            with db.atomic():
                # rank = 1 also compares the index with its content table
                db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES('integrity-check', 1)")
        except sqlite3.DatabaseError:
            damaged.append(table)
    return damaged


def _repair_fts(db: Database) -> list[str]:
    done = []
    for table in _damaged_fts(db):
        db.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES('rebuild')")
        done.append(f"Rebuilt the search index of {table}.")
    return done


def _repair_reel_positions(db: Database) -> list[str]:
    done = []
    reels = [row[0] for row in db.execute("SELECT DISTINCT reel_id FROM reel_items").fetchall()]
    for reel_id in reels:
        items = db.execute(
            "SELECT id, position FROM reel_items WHERE reel_id = ? ORDER BY position, id",
            [reel_id],
        ).fetchall()
        if [pos for _, pos in items] != list(range(len(items))):
            for position, (item_id, _) in enumerate(items):
                db.execute("UPDATE reel_items SET position = ? WHERE id = ?", [position, item_id])
            done.append(f"Renumbered the items of reel {reel_id}.")
    return done
