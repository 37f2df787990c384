"""Erasing a family: everything about them goes from the library, its files and its backups,
and only an erasure record (when, who, how many, salted digests to check by) stays."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from attune_app.store import erasure as store
from attune_app.store import traces
from attune_app.store.audit import now_iso
from attune_app.store.backup import BackupInfo, list_backups
from attune_app.store.errors import InvalidChangeError, LibraryError, NotFoundError
from attune_app.store.files import remove_quietly
from attune_app.store.library import Library


@dataclass(frozen=True)
class ErasureReport:
    erasure_id: int
    rows: dict[str, int]
    media_files: int
    cache_files: int
    audit_entries_overwritten: int
    backups: dict[str, int] = field(default_factory=dict)  # rewritten / deleted / untouched

    @property
    def items(self) -> int:
        return sum(self.rows.values()) + self.media_files + self.cache_files


# The steps of an erasure, in order. Only "check" may be cancelled: from "records" on, the
# family's rows are gone (committed), and the files and backups are cleared to the end so that
# nothing of the family remains anywhere.
ERASURE_STEPS = ("check", "records", "files", "compact", "backups", "finish")
IRREVERSIBLE_STEP = "records"


class ErasureCancelled(LibraryError):
    """The erasure was cancelled before anything was erased."""


@dataclass(frozen=True)
class ErasureStep:
    """One step starting: its name (from `ERASURE_STEPS`) and how many things it handles
    (rows, media files, backups; 1 for the steps without a count)."""

    name: str
    count: int


def erase_family(
    library: Library,
    ref: str,
    *,
    confirm: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    step: Callable[[ErasureStep], None] | None = None,
) -> ErasureReport:
    """Erase the family `ref`; `confirm` must be the same reference, typed again.

    `progress(done, total)` counts units of work (1 for the check, 1 for the records, 1 per
    media file, 1 for the compaction, 1 per backup, 1 to finish); `step` names each step as it
    starts. `cancelled` is asked only during the check: a cancel there raises
    `ErasureCancelled` with nothing changed; once the records step starts it is ignored.
    Runs on any one thread, provided no other thread uses the library meanwhile.
    """
    ref = ref.strip()
    if confirm != ref:
        raise InvalidChangeError(
            f"To erase family {ref}, type its reference exactly once more to confirm "
            f"(`--confirm {ref}`); nothing was erased."
        )
    family_id = store.find_family_id(library.db, ref)
    if family_id is None:
        raise NotFoundError(f"There is no family with the reference {ref!r}; nothing was erased.")
    tracker = _Tracker(progress, step)
    tracker.start("check", 1)
    found = store.footprint(library.db, family_id)
    backups = list_backups(library.backups_dir)
    tracker.total = 4 + len(found.media) + len(backups)
    others = _other_text_runs(library, found, cancelled)
    if cancelled is not None and cancelled():
        raise ErasureCancelled(f"The erasure of family {ref} was cancelled; nothing was erased.")
    tracker.advance()
    tracker.start(IRREVERSIBLE_STEP, sum(found.counts().values()))
    library.db.execute("PRAGMA secure_delete = ON")
    with library.transaction() as db:
        erasure_id = _record_erasure(library, found, others)
        store.delete_rows(db, found)
        overwritten = store.overwrite_audit_mentions(db, found, erasure_id)
        store.rebuild_search(db)
        counts = {"rows": found.counts(), "audit_entries_overwritten": overwritten}
        library.audit("erase_family", "erasure", erasure_id, counts)
    tracker.advance()
    tracker.start("files", len(found.media))
    media, cache = _remove_files(library, found, tracker.advance)
    tracker.start("compact", 1)
    store.compact(library.db.conn)
    tracker.advance()
    tracker.start("backups", len(backups))
    outcome = _erase_from_backups(library, found, erasure_id, backups, tracker.advance)
    tracker.start("finish", 1)
    with library.transaction():
        library.audit(
            "erase_family_files",
            "erasure",
            erasure_id,
            {"media_files": media, "cache_files": cache, "backups": outcome},
        )
    library.backup(label="after-erasure")
    tracker.advance()
    return ErasureReport(erasure_id, found.counts(), media, cache, overwritten, outcome)


class _Tracker:
    def __init__(
        self,
        progress: Callable[[int, int], None] | None,
        step: Callable[[ErasureStep], None] | None,
    ) -> None:
        self._progress, self._step = progress, step
        self.done, self.total = 0, 1

    def start(self, name: str, count: int) -> None:
        if self._step is not None:
            self._step(ErasureStep(name, count))
        if self._progress is not None:
            self._progress(self.done, self.total)

    def advance(self) -> None:
        self.done += 1
        if self._progress is not None:
            self._progress(self.done, self.total)


def _record_erasure(library: Library, found: store.Footprint, others: set[traces.Run]) -> int:
    """The erasure row and its salted digests (inside the erasure's transaction). Runs that
    other families' words also hold are left out: finding them later would prove nothing."""
    salt = os.urandom(32)
    cursor = library.db.execute(
        "INSERT INTO erasures (erased_at, erased_by, salt, counts) VALUES (?, ?, ?, ?)",
        [now_iso(), library.actor, salt, json.dumps(found.counts(), sort_keys=True)],
    )
    erasure_id = int(cursor.lastrowid or 0)
    rows: list[tuple[str, traces.Run]] = [("ref", traces.ref_run(found.ref))]
    for text in found.texts:
        rows += [("words", run) for run in traces.text_runs(text) if run not in others]
    rows += [("media", (1, digest.encode("ascii"))) for digest, _ in found.media]
    library.db.conn.executemany(
        "INSERT INTO erasure_traces (erasure_id, kind, grams, digest) VALUES (?, ?, ?, ?)",
        [
            (erasure_id, kind, n, traces.digest(salt, kind, value))
            for kind, (n, value) in {(k, r) for k, r in rows if r[0]}
        ],
    )
    return erasure_id


def _other_text_runs(
    library: Library, found: store.Footprint, cancelled: Callable[[], bool] | None = None
) -> set[traces.Run]:
    """The word runs other families' text holds (read only; the slow part of the check, so a
    cancel is heard between tables)."""
    grams: set[traces.Run] = set()
    tables = [
        str(r[0])
        for r in library.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall()
    ]
    for table in tables:
        if cancelled is not None and cancelled():
            break  # the caller raises ErasureCancelled before anything is changed
        columns = [c for c in library.db.table(table).columns_dict if c in store.TEXT_COLUMNS]
        for column in columns:
            skip = found.rows.get(table, set())
            for rowid, value in library.db.execute(f"SELECT rowid, [{column}] FROM [{table}]"):
                if rowid not in skip and isinstance(value, str):
                    grams |= traces.text_runs(value)
    return grams


def _remove_files(
    library: Library, found: store.Footprint, removed: Callable[[], None]
) -> tuple[int, int]:
    media = cache = 0
    for digest, ext in found.media:
        path = library.media_dir / f"{digest}{ext}"
        if path.exists():
            remove_quietly(path)
            media += 1
        for cached in library.cache_dir.rglob(f"*{digest}*"):
            if cached.is_file():
                remove_quietly(cached)
                cache += 1
        removed()
    return media, cache


def _erase_from_backups(
    library: Library,
    found: store.Footprint,
    erasure_id: int,
    backups: list[BackupInfo],
    rewritten: Callable[[], None],
) -> dict[str, int]:
    outcome = {"rewritten": 0, "deleted": 0, "untouched": 0}
    hashes = [digest for digest, _ in found.media]
    for info in backups:
        result = store.erase_from_backup(
            info.path, found.ref, hashes, erasure_id, library.actor, library.database_key
        )
        outcome[result] += 1
        rewritten()
    return outcome
