"""After an erasure: search every file under the library folder for what the family left.

The database, its WAL and shared-memory files, the backups and the cache are read byte by
byte and cut into tokens; each run of tokens is digested with each erasure's salt and looked
up among its digests (see `traces`). Media files are matched by name and, when media are
hashed, by content. A run that the library still holds for a family that was not erased (a
phrase two families share, a reference used again) is not a trace.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from attune_app.store import traces
from attune_app.store.files import hash_file

KIND_WORDS = {"ref": "the family's reference", "words": "runs of their words", "media": "media"}


@dataclass
class TraceScan:
    found: dict[str, Counter[str]] = field(default_factory=dict)  # file -> kind -> count
    files_scanned: int = 0
    erasures: int = 0


def load_trace_sets(db: Database) -> list[traces.TraceSet]:
    if "erasures" not in db.table_names():
        return []
    sets = []
    for erasure_id, salt in db.execute("SELECT id, salt FROM erasures ORDER BY id").fetchall():
        digests: dict[tuple[str, int], set[bytes]] = defaultdict(set)
        for kind, grams, value in db.execute(
            "SELECT kind, grams, digest FROM erasure_traces WHERE erasure_id = ?", [erasure_id]
        ):
            digests[(str(kind), int(grams))].add(bytes(value))
        sets.append(traces.TraceSet(int(erasure_id), bytes(salt), dict(digests)))
    return sets


def scan_library(db: Database, folder: Path, *, hash_media: bool = True) -> TraceScan:
    sets = load_trace_sets(db)
    scan = TraceScan(erasures=len(sets))
    if not sets:
        return scan
    live = _LiveText(db)
    media_dir = folder / "media"
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = str(path.relative_to(folder))
        scan.files_scanned += 1
        hits: Counter[str] = Counter()
        if media_dir in path.parents:
            raw = path.name.encode("utf-8")
            hashes = [raw[a:b].decode("ascii", "replace") for a, b in traces.spans(raw)]
            if hash_media:
                hashes.append(hash_file(path))
            hits["media"] += sum(
                1 for s in sets for h in s.media_matches(hashes) if h not in live.media
            )
        else:
            data = path.read_bytes()
            where = traces.spans(data)
            hex_tokens = [
                data[a:b].decode("ascii").lower()
                for a, b in where
                if b - a == 64 and _is_hex(data[a:b].lower())
            ]
            for trace_set in sets:
                for kind, run in trace_set.matches(data, where):
                    if not live.holds(run):
                        hits[kind] += 1
                hits["media"] += sum(
                    1 for h in trace_set.media_matches(hex_tokens) if h not in live.media
                )
        hits = +hits
        if hits:
            scan.found[name] = hits
    return scan


class _LiveText:
    """Token runs of every text the library holds now (built on the first match only)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._runs: dict[int, set[bytes]] = {}
        self._texts: list[bytes] | None = None
        self.media = {str(r[0]) for r in db.execute("SELECT media_hash FROM clips")}

    def holds(self, run: traces.Run) -> bool:
        n, value = run
        if n not in self._runs:
            self._runs[n] = {
                r for data in self._all_texts() for r in traces.runs(data, traces.spans(data), n)
            }
        return value in self._runs[n]

    def _all_texts(self) -> list[bytes]:
        if self._texts is None:
            self._texts = [
                str(r[0]).encode("utf-8")
                for r in self._db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
            ]
            for table in self._db.table_names():
                if table.endswith(("_fts", "_data", "_idx", "_docsize", "_config", "_content")):
                    continue
                columns = [c for c, t in self._db.table(table).columns_dict.items() if t is str]
                for column in columns:
                    for (value,) in self._db.execute(f"SELECT [{column}] FROM [{table}]"):
                        if isinstance(value, str):
                            self._texts.append(value.encode("utf-8"))
        return self._texts


def _is_hex(token: bytes) -> bool:
    return all(c in b"0123456789abcdef" for c in token)


def describe(kinds: Counter[str]) -> str:
    return ", ".join(f"{count} × {KIND_WORDS.get(kind, kind)}" for kind, count in kinds.items())
