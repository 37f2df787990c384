"""Case bundles: a session with its clips, tags and supervision record, carried between two
libraries without a server, and merged back.

Every row travels with a uid: `<library uid>/<table>/<id>` of the library that made it (kept in
`bundle_links` by the libraries it reaches). Importing inserts only rows whose uid the library
does not know yet; a row it knows is never changed (the one exception fills an empty field:
a thread resolved elsewhere becomes resolved here). So importing twice changes nothing, and
nothing of the receiving library's own is overwritten."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attune_app.domain.models import Session
from attune_app.services.bundle_format import BundleContents, BundleError, read_bundle, write_bundle
from attune_app.services.consents import require_consent
from attune_app.services.permissions import require
from attune_app.store import records
from attune_app.store.files import atomic_write_bytes, remove_quietly
from attune_app.store.library import Library


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    refs: dict[str, str] = field(default_factory=dict)  # column -> table it points to
    required: tuple[str, ...] = ()  # refs without which the row cannot come in


_TABLES = (
    _Table("people", ("display_name", "profile", "created_at")),
    _Table("families", ("ref", "created_at")),
    _Table(
        "consents",
        ("family_id", "purpose", "given_on", "expires_on", "withdrawn_on", "recorded_by"),
        {"family_id": "families", "recorded_by": "people"},
        ("family_id",),
    ),
    _Table(
        "sessions",
        ("family_id", "practitioner_id", "date", "kind", "cycle"),
        {"family_id": "families", "practitioner_id": "people"},
        ("family_id",),
    ),
    _Table(
        "clips",
        (
            "session_id", "media_hash", "media_ext", "original_name", "size_bytes",
            "recorded_at", "frame_count", "fps", "duration_s", "width", "height", "rotation",
            "has_audio", "codec_name", "frame_index", "imported_at",
        ),
        {"session_id": "sessions"},
        ("session_id",),
    ),
    _Table(
        "tags",
        (
            "clip_id", "in_frame", "out_frame", "cue_frame", "cue_code", "response_frame",
            "response_code", "principle_codes", "rating", "note", "author_id", "created_at",
            "updated_at",
        ),
        {"clip_id": "clips", "author_id": "people"},
        ("clip_id",),
    ),
    _Table(
        "comments",
        (
            "author_id", "text", "created_at", "session_id", "tag_id", "parent_id", "clip_id",
            "frame", "resolved_at", "resolved_by",
        ),
        {
            "author_id": "people", "session_id": "sessions", "tag_id": "tags",
            "parent_id": "comments", "clip_id": "clips", "resolved_by": "people",
        },
    ),
    _Table(
        "sign_offs",
        ("session_id", "supervisor_id", "signed_at", "note"),
        {"session_id": "sessions", "supervisor_id": "people"},
        ("session_id",),
    ),
    _Table(
        "review_states",
        ("session_id", "state", "reason", "person_id", "at"),
        {"session_id": "sessions", "person_id": "people"},
        ("session_id",),
    ),
)  # fmt: skip
_BY_NAME = {t.name: t for t in _TABLES}


# -- identity -------------------------------------------------------------------------------------
def library_uid(library: Library) -> str:
    row = library.db.execute("SELECT value FROM library_meta WHERE key = 'uid'").fetchone()
    if row:
        return str(row[0])
    value = uuid.uuid4().hex
    with library.transaction() as db:
        db.execute("INSERT INTO library_meta (key, value) VALUES ('uid', ?)", [value])
    return value


def _uid_of(library: Library, own: str, table: str, local_id: int) -> str:
    row = library.db.execute(
        "SELECT uid FROM bundle_links WHERE table_name = ? AND local_id = ?", [table, local_id]
    ).fetchone()
    return str(row[0]) if row else f"{own}/{table}/{local_id}"


# -- export ---------------------------------------------------------------------------------------
def export_bundle(
    library: Library,
    session_id: int,
    target: Path,
    *,
    passphrase: str | None = None,
    with_media: bool = True,
) -> dict[str, int]:
    """Write the session's bundle to `target`; `with_media=False` makes a return bundle (the
    other side has the clips). Needs the family's supervision consent. Returns rows per table."""
    session = records.get(library.db, "sessions", session_id, records.session)
    require(library, "export_bundle", session)
    require_consent(library, session.family_id, "supervision")
    own = library_uid(library)
    picked = _pick(library, session)
    rows: dict[str, Any] = {"format": 1, "library": own, "with_media": with_media}
    for table in _TABLES:
        rows[table.name] = [_export_row(library, own, table, r) for r in picked[table.name]]
    rows["session"] = _uid_of(library, own, "sessions", session.id)
    for number, clip in enumerate(rows["clips"], start=1):
        clip["original_name"] = f"clip-{number}{clip['media_ext']}"  # a phone's name may be a name
    media: dict[str, Any] = {}
    if with_media:
        for clip in picked["clips"]:
            name = f"{clip['media_hash']}{clip['media_ext']}"
            media[name] = library.media_dir / name
            if library.data_key is not None:  # the bundle carries the clip, not our ciphertext
                from attune_app.store.media_crypto import DecryptedFile

                media[name] = DecryptedFile(media[name], library.data_key.media_key)
    write_bundle(Path(target), rows, media, passphrase)
    counts = {t.name: len(picked[t.name]) for t in _TABLES}
    with library.transaction():
        details = {"rows": counts, "media": len(media), "encrypted": bool(passphrase)}
        library.audit("export_bundle", "session", session.id, details)
    return counts


def _pick(library: Library, session: Session) -> dict[str, list[dict[str, Any]]]:
    def rows(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        return list(library.db.query(sql, params))

    s = session.id
    clip_ids = "SELECT id FROM clips WHERE session_id = ?"
    tag_ids = f"SELECT id FROM tags WHERE clip_id IN ({clip_ids})"
    picked = {
        "families": rows("SELECT * FROM families WHERE id = ?", [session.family_id]),
        "consents": rows(
            "SELECT * FROM consents WHERE family_id = ? ORDER BY id", [session.family_id]
        ),
        "sessions": rows("SELECT * FROM sessions WHERE id = ?", [s]),
        "clips": rows(f"SELECT * FROM clips WHERE id IN ({clip_ids}) ORDER BY id", [s]),
        "tags": rows(f"SELECT * FROM tags WHERE id IN ({tag_ids}) ORDER BY id", [s]),
        "comments": rows(
            f"SELECT * FROM comments WHERE session_id = ? OR tag_id IN ({tag_ids}) ORDER BY id",
            [s, s],
        ),
        "sign_offs": rows("SELECT * FROM sign_offs WHERE session_id = ? ORDER BY id", [s]),
        "review_states": rows("SELECT * FROM review_states WHERE session_id = ? ORDER BY id", [s]),
    }  # fmt: skip
    people: set[int] = set()
    for table in _TABLES:
        for column, target in table.refs.items():
            if target == "people":
                people |= {r[column] for r in picked.get(table.name, []) if r[column] is not None}
    picked["people"] = [
        r for r in rows("SELECT * FROM people ORDER BY id", []) if r["id"] in people
    ]
    return picked


def _export_row(library: Library, own: str, table: _Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {"uid": _uid_of(library, own, table.name, row["id"])}
    for column in table.columns:
        value = row[column]
        if column in table.refs and value is not None:
            value = _uid_of(library, own, table.refs[column], value)
        out[column] = value
    return out


# -- import ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    session_id: int
    inserted: dict[str, int]
    media_added: int

    @property
    def changed(self) -> bool:
        return any(self.inserted.values()) or self.media_added > 0


def import_bundle(library: Library, path: Path, *, passphrase: str | None = None) -> ImportResult:
    """Check every hash, then merge the bundle's rows in one transaction (new rows only). A
    bundle that fails any check changes nothing."""
    require(library, "import_bundle")
    contents = read_bundle(Path(path), passphrase)
    own = library_uid(library)
    written: list[Path] = []
    try:
        with library.transaction():
            merge = _Merge(library, own, contents, written)
            result = merge.run(Path(path).name)
    except BaseException:
        for added in written:
            remove_quietly(added)
        raise
    return result


class _Merge:
    """One import, inside its transaction."""

    def __init__(
        self, library: Library, own: str, contents: BundleContents, written: list[Path]
    ) -> None:
        self.library, self.own, self.contents, self.written = library, own, contents, written
        self.db = library.db
        self.inserted: Counter[str] = Counter()

    def run(self, name: str) -> ImportResult:
        rows = self.contents.rows
        if not isinstance(rows, dict) or "session" not in rows:
            raise BundleError(f"{name} holds no session; nothing was changed.")
        for table in _TABLES:
            for row in rows.get(table.name, []):
                self._merge_row(table, row, name)
        session_id = self._local("sessions", rows["session"])
        if session_id is None:
            raise BundleError(f"{name} names a session it does not hold; nothing was changed.")
        media_added = len(self.written)
        self.library.audit(
            "import_bundle",
            "session",
            session_id,
            {"inserted": dict(self.inserted), "media": media_added},
        )
        return ImportResult(
            session_id, {t.name: self.inserted[t.name] for t in _TABLES}, media_added
        )

    def _local(self, table: str, uid: str) -> int | None:
        """The local id of `uid`: our own row, or one a bundle brought before."""
        prefix = f"{self.own}/{table}/"
        if uid.startswith(prefix):
            local = int(uid.removeprefix(prefix))
            exists = self.db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [local]).fetchone()
            return local if exists else None  # deleted here since: it stays deleted
        row = self.db.execute(
            "SELECT local_id FROM bundle_links WHERE table_name = ? AND uid = ?", [table, uid]
        ).fetchone()
        return int(row[0]) if row else None

    def _merge_row(self, table: _Table, row: dict[str, Any], name: str) -> None:
        uid = str(row["uid"])
        known = self._local(table.name, uid)
        if known is not None:
            self._fill_in(table, known, row)
            return
        if uid.startswith(f"{self.own}/"):
            return  # ours, deleted here since the bundle was made: not brought back
        values = {}
        for column in table.columns:
            value = row.get(column)
            if column in table.refs and value is not None:
                value = self._local(table.refs[column], str(value))
                if value is None and column in table.required:
                    raise BundleError(
                        f"{name} refers to a record it does not hold ({table.name}.{column}); "
                        "nothing was changed."
                    )
            values[column] = value
        local = self._same_thing(table, values)
        if local is None:
            if table.name == "clips":
                self._bring_media(values, name)
            local = records.insert(self.db, table.name, values)
            self.inserted[table.name] += 1
        self.db.execute(
            "INSERT INTO bundle_links (table_name, uid, local_id) VALUES (?, ?, ?)",
            [table.name, uid, local],
        )

    def _same_thing(self, table: _Table, values: dict[str, Any]) -> int | None:
        """A row this library already has under another uid: the same person, family or file."""
        keys = {"people": ("display_name",), "families": ("ref",), "clips": ("media_hash",)}
        columns = keys.get(table.name)
        if columns is None:
            return None
        where = " AND ".join(f"lower([{c}]) = lower(?)" for c in columns)
        found = self.db.execute(
            f"SELECT id FROM [{table.name}] WHERE {where}", [values[c] for c in columns]
        ).fetchone()
        return int(found[0]) if found else None

    def _fill_in(self, table: _Table, local: int, row: dict[str, Any]) -> None:
        if table.name == "comments" and row.get("resolved_at"):
            resolved_by = row.get("resolved_by")
            person = self._local("people", str(resolved_by)) if resolved_by else None
            self.db.execute(
                "UPDATE comments SET resolved_at = ?, resolved_by = ? "
                "WHERE id = ? AND resolved_at IS NULL",
                [row["resolved_at"], person, local],
            )

    def _bring_media(self, clip: dict[str, Any], name: str) -> None:
        file_name = f"{clip['media_hash']}{clip['media_ext']}"
        target = self.library.media_dir / file_name
        if target.exists():
            return
        data = self.contents.media.get(file_name)
        if data is None:
            raise BundleError(
                f"{name} is a return bundle without the clips, and this library does not have "
                "them; import the full case bundle first. Nothing was changed."
            )
        if self.library.data_key is not None:  # an encrypted library keeps no plaintext
            from attune_app.store.media_crypto import write_encrypted_bytes

            write_encrypted_bytes(target, data, self.library.data_key.media_key)
        else:
            atomic_write_bytes(target, data)
        self.written.append(target)


def bundle_summary(path: Path, passphrase: str | None = None) -> dict[str, int]:
    """What a bundle holds (rows per table, clip files), after checking every hash."""
    contents = read_bundle(Path(path), passphrase)
    counts = {t.name: len(contents.rows.get(t.name, [])) for t in _TABLES}
    counts["media"] = len(contents.media)
    return counts
