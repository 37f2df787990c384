"""Removing every row about one family from a database (the live library or a backup).

Which rows: the family and everything that refers to it, followed through every foreign key
the schema declares (sessions, clips, tags, reel items, reflections, comments, sign-offs,
consents, reel removals, and whatever later tables point at them), so a table added by a later
step is covered without being named here. Then the full-text indexes are rebuilt (deleting
from them leaves the old terms in their segments until a merge), and audit entries written
before the log stopped holding references or media hashes are overwritten where they name the
family (their hashes and links stay; `audit.verify_chain` accounts for them).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from attune_app.store import audit
from attune_app.store.backup import raw_connect
from attune_app.store.files import atomic_output, make_private_file, remove_quietly

ROOT_TABLE = "families"
# columns whose words are the family's (what a scan must never find again)
TEXT_COLUMNS = frozenset(
    {"note", "text", "caption", "prompt", "title_text", "original_name", "name", "reason"}
)
# tables whose rows name rows of other tables by (table name, id) without a foreign key
NAME_LINKS = {"bundle_links": ("table_name", "local_id")}


@dataclass
class Footprint:
    """Every row about one family: table -> rowids, with the words and media they hold."""

    family_id: int
    ref: str
    rows: dict[str, set[int]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    media: list[tuple[str, str]] = field(default_factory=list)  # (media hash, extension)
    # rows of WITHOUT ROWID tables (no rowid to name them by): table -> how to find them
    # (column, parent table, parent key) and how many there are
    keyed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    keyed_counts: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {table: len(ids) for table, ids in self.rows.items() if ids}
        counts.update({table: n for table, n in self.keyed_counts.items() if n})
        return dict(sorted(counts.items()))


def find_family_id(db: Database, ref: str) -> int | None:
    row = db.execute("SELECT id FROM families WHERE ref = ?", [ref]).fetchone()
    return int(row[0]) if row else None


def footprint(db: Database, family_id: int) -> Footprint:
    ref = str(db.execute("SELECT ref FROM families WHERE id = ?", [family_id]).fetchone()[0])
    found = Footprint(family_id, ref, {ROOT_TABLE: {family_id}})
    links = _links(db)
    keyless = _without_rowid(db)
    _follow(db, found, links, keyless)
    reels = _reels_of_the_family_alone(db, found)
    if reels:  # their names and title cards are words about this family too
        found.rows.setdefault("reels", set()).update(reels)
        _follow(db, found, links, keyless)
    _find_keyed(db, found, links, keyless)
    _find_named(db, found)
    for table, ids in found.rows.items():
        columns = [c for c in db.table(table).columns_dict if c in TEXT_COLUMNS]
        for column in columns:
            found.texts += _values(db, table, column, ids)
    if found.rows.get("clips"):
        ids = found.rows["clips"]
        found.media = [
            (str(h), str(e))
            for h, e in db.execute(
                f"SELECT media_hash, media_ext FROM clips WHERE rowid IN ({_marks(ids)})",
                list(ids),
            ).fetchall()
        ]
    return found


def delete_rows(db: Database, found: Footprint) -> None:
    """Inside a transaction: delete the footprint (foreign keys checked at commit)."""
    db.execute("PRAGMA defer_foreign_keys = ON")
    for table, ways in found.keyed.items():  # before their parents, which the query reads
        for column, parent, parent_key in ways:
            ids = found.rows[parent]
            db.execute(
                f"DELETE FROM [{table}] WHERE [{column}] IN "
                f"(SELECT [{parent_key}] FROM [{parent}] WHERE rowid IN ({_marks(ids)}))",
                list(ids),
            )
    for table, ids in found.rows.items():
        if ids:
            db.execute(f"DELETE FROM [{table}] WHERE rowid IN ({_marks(ids)})", list(ids))
    _renumber_reels(db)


def rebuild_search(db: Database) -> list[str]:
    """Rebuild every full-text index from its table, so no segment keeps a deleted term."""
    names = [
        str(r[0])
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE "
            "'CREATE VIRTUAL TABLE%USING FTS%'"
        ).fetchall()
    ]
    for name in names:
        db.execute(f"INSERT INTO [{name}]([{name}]) VALUES('rebuild')")
    return names


def overwrite_audit_mentions(db: Database, found: Footprint, erasure_id: int) -> int:
    """Inside a transaction: overwrite the details of audit entries that name the family's
    reference or a clip's media hash (the append-only guard is lifted for this alone)."""
    needles = [json.dumps(found.ref, ensure_ascii=False), *(h for h, _ in found.media)]
    where = " OR ".join("instr(details, ?) > 0" for _ in needles)
    ids = [int(r[0]) for r in db.execute(f"SELECT id FROM audit_log WHERE {where}", needles)]
    if not ids:
        return 0
    guard = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'"
    ).fetchone()
    if guard is not None:
        db.execute("DROP TRIGGER audit_log_no_update")
    db.execute(
        f"UPDATE audit_log SET details = ? WHERE id IN ({_marks(ids)})",
        [audit.erased_details(erasure_id), *ids],
    )
    if guard is not None:
        db.execute(str(guard[0]))
    return len(ids)


def compact(conn: sqlite3.Connection) -> None:
    """Zero freed pages, rebuild the file and empty the WAL, so no page keeps deleted words.

    Not inside a transaction. Raises when another connection keeps the WAL from emptying."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("VACUUM")
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode == "wal":
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise sqlite3.OperationalError(
                "another program is reading the library, so its journal could not be emptied"
            )


def _links(db: Database) -> list[tuple[str, str, str, str]]:
    """(child table, column, parent table, parent key) for every declared foreign key."""
    links = []
    tables = [
        str(r[0])
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall()
    ]
    for table in tables:
        for row in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            parent, column, key = str(row[2]), str(row[3]), row[4]
            links.append((table, column, parent, str(key) if key else "rowid"))
    return links


def _follow(
    db: Database, found: Footprint, links: list[tuple[str, str, str, str]], keyless: set[str]
) -> None:
    """Add every row that refers, through a chain of foreign keys, to a row already found."""
    changed = True
    while changed:
        changed = False
        for child, column, parent, parent_key in links:
            if child in keyless:
                continue
            parents = found.rows.get(parent)
            if not parents:
                continue
            rows = db.execute(
                f"SELECT rowid FROM [{child}] WHERE [{column}] IN "
                f"(SELECT [{parent_key}] FROM [{parent}] WHERE rowid IN ({_marks(parents)}))",
                list(parents),
            ).fetchall()
            mine = found.rows.setdefault(child, set())
            new = {int(r[0]) for r in rows} - mine
            if new:
                mine |= new
                changed = True


def _reels_of_the_family_alone(db: Database, found: Footprint) -> set[int]:
    """Reels that show this family's clips and no other family's (a family's own review reel):
    once their moments go, what is left (name, title cards) is about this family alone."""
    items = found.rows.get("reel_items")
    if not items:
        return set()
    marks = _marks(items)
    rows = db.execute(
        f"SELECT DISTINCT reel_id FROM reel_items WHERE rowid IN ({marks}) AND reel_id NOT IN "
        f"(SELECT reel_id FROM reel_items WHERE clip_id IS NOT NULL AND rowid NOT IN ({marks}))",
        [*items, *items],
    ).fetchall()
    return {int(r[0]) for r in rows}


def _find_named(db: Database, found: Footprint) -> None:
    """Rows that name a found row by table and id (a case bundle's links): left behind they
    would point at whatever row later takes the erased id."""
    tables = {str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table, (name_column, id_column) in NAME_LINKS.items():
        if table not in tables:
            continue
        mine = found.rows.setdefault(table, set())
        for named, ids in list(found.rows.items()):
            if named == table or not ids:
                continue
            rows = db.execute(
                f"SELECT rowid FROM [{table}] WHERE [{name_column}] = ? "
                f"AND [{id_column}] IN ({_marks(ids)})",
                [named, *ids],
            ).fetchall()
            mine |= {int(r[0]) for r in rows}


def _without_rowid(db: Database) -> set[str]:
    """Tables declared WITHOUT ROWID (caches such as face detections, box keyframes)."""
    return {
        str(name)
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
        ).fetchall()
        if " ".join(str(sql).upper().split()).endswith("WITHOUT ROWID")
    }


def _find_keyed(
    db: Database, found: Footprint, links: list[tuple[str, str, str, str]], keyless: set[str]
) -> None:
    """The family's rows in WITHOUT ROWID tables, found through their foreign keys into rows
    the footprint already holds (such tables are leaves: nothing points at them by rowid)."""
    for child, column, parent, parent_key in links:
        parents = found.rows.get(parent)
        if child not in keyless or not parents:
            continue
        found.keyed.setdefault(child, []).append((column, parent, parent_key))
        (count,) = db.execute(
            f"SELECT count(*) FROM [{child}] WHERE [{column}] IN "
            f"(SELECT [{parent_key}] FROM [{parent}] WHERE rowid IN ({_marks(parents)}))",
            list(parents),
        ).fetchone()
        found.keyed_counts[child] = found.keyed_counts.get(child, 0) + int(count)


def _values(db: Database, table: str, column: str, ids: set[int]) -> list[str]:
    rows = db.execute(
        f"SELECT [{column}] FROM [{table}] WHERE rowid IN ({_marks(ids)})", list(ids)
    ).fetchall()
    return [str(r[0]) for r in rows if isinstance(r[0], str) and r[0]]


def _renumber_reels(db: Database) -> None:
    reels = [r[0] for r in db.execute("SELECT DISTINCT reel_id FROM reel_items").fetchall()]
    for reel_id in reels:
        items = db.execute(
            "SELECT id FROM reel_items WHERE reel_id = ? ORDER BY position, id", [reel_id]
        ).fetchall()
        for position, (item_id,) in enumerate(items):
            db.execute("UPDATE reel_items SET position = ? WHERE id = ?", [position, item_id])


def _marks(ids: set[int] | list[int]) -> str:
    return ", ".join("?" for _ in ids)


def erase_from_backup(
    backup: Path,
    ref: str,
    media_hashes: list[str],
    erasure_id: int,
    person_id: int | None,
    key: bytes | None = None,
) -> str:
    """Rewrite one backup file without the family: 'rewritten', 'untouched' (it never held
    them) or 'deleted' (too old a schema to rewrite; the caller makes a fresh backup).
    `key`: an encrypted library's database key (its backups are SQLCipher files)."""
    probe = raw_connect(backup, key, read_only=True)
    try:
        tables = {str(r[0]) for r in probe.execute("SELECT name FROM sqlite_master")}
        needles = [json.dumps(ref, ensure_ascii=False), *media_hashes]
        held = probe.execute("SELECT 1 FROM families WHERE ref = ?", [ref]).fetchone() or any(
            probe.execute("SELECT 1 FROM audit_log WHERE instr(details, ?) > 0", [n]).fetchone()
            for n in needles
        )
    finally:
        probe.close()
    if not held:
        return "untouched"
    if "erasures" not in tables:
        remove_quietly(backup)
        return "deleted"
    with atomic_output(backup) as temp:
        source = raw_connect(backup, key, read_only=True)
        target = raw_connect(temp, key)
        target.isolation_level = None
        try:
            source.backup(target)
            source.close()
            target.execute("PRAGMA secure_delete = ON")
            target.execute("PRAGMA foreign_keys = ON")
            db = Database(target, execute_plugins=False)
            target.execute("BEGIN IMMEDIATE")
            family_id = find_family_id(db, ref)
            found = (
                footprint(db, family_id)
                if family_id is not None
                else Footprint(0, ref, media=[(h, "") for h in media_hashes])
            )
            delete_rows(db, found)
            overwrite_audit_mentions(db, found, erasure_id)
            rebuild_search(db)
            # the backup's own log says why its past changed (and accounts for the overwrites)
            audit.append(
                db,
                person_id=person_id,
                action="erase_family",
                entity="erasure",
                entity_id=erasure_id,
                details={"in_backup": True, "rows": found.counts()},
            )
            target.execute("COMMIT")
            target.execute("PRAGMA journal_mode = DELETE")
            compact(target)
        finally:
            source.close()
            target.close()
        make_private_file(temp)
    return "rewritten"
