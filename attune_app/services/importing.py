"""Importing a clip: copy it into the library while hashing, probe it, record it.

The copy goes to a temporary file in `media/`; only when probing succeeded and the row is
written is it renamed to its content hash, inside the transaction, so any failure leaves
neither a row nor a partial file.
"""

from __future__ import annotations

import dataclasses
import os
import re
import uuid
from collections.abc import Callable
from datetime import date as Date
from pathlib import Path
from typing import Any

from attune_app.domain.models import Clip
from attune_app.services.families import _filming_session_on, _get_or_add_family
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import LibraryError
from attune_app.store.files import copy_hashing, fsync_dir, remove_quietly
from attune_app.store.library import Library

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


class ImportFailedError(LibraryError):
    """A file could not be imported; nothing of it was kept. The message names the file."""


@dataclasses.dataclass(frozen=True)
class PreparedImport:
    """A file copied into `media/` under a temporary name, hashed and probed, not yet recorded.

    Preparing never touches the database, so a worker thread may do it while the thread that
    owns the library's connection records it with `commit_import` (or drops it with
    `discard_import`).
    """

    source: Path
    temp: Path
    digest: str
    facts: dict[str, Any]
    source_size: int = -1  # bytes of content (the copy is bigger when encrypted)

    def __post_init__(self) -> None:
        if self.source_size < 0:
            object.__setattr__(self, "source_size", self.temp.stat().st_size)


def import_clip(
    library: Library,
    path: Path | str,
    *,
    family_ref: str,
    session_date: Date | str | None = None,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> Clip:
    """Import one video file; returns its clip (`already_imported` when the hash was known)."""
    prepared = prepare_import(
        library.media_dir,
        path,
        progress=progress,
        is_cancelled=is_cancelled,
        media_key=library.data_key.media_key if library.data_key is not None else None,
    )
    return commit_import(library, prepared, family_ref=family_ref, session_date=session_date)


def prepare_import(
    media_dir: Path,
    path: Path | str,
    *,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    media_key: bytes | None = None,
) -> PreparedImport:
    """The slow part of an import (copy while hashing, probe); any thread, no database.

    With `media_key` (an encrypted library) the copy is encrypted as it is written, and the
    probe reads it back through the decrypting reader: no plaintext copy exists."""
    source = Path(path)
    if not source.is_file():
        raise ImportFailedError(f"{source.name}: there is no such file ({source}). Check the path.")
    temp = media_dir / f".import-{uuid.uuid4().hex}.part"
    try:
        if media_key is not None:
            from attune_app.store.media_crypto import (
                copy_encrypting,
                encrypted_source,
                plain_size,
            )

            digest = copy_encrypting(
                source, temp, media_key, progress=progress, is_cancelled=is_cancelled
            )
            facts = _probe(source, encrypted_source(temp, media_key))
            return PreparedImport(source, temp, digest, facts, plain_size(temp, media_key))
        digest = copy_hashing(source, temp, progress=progress, is_cancelled=is_cancelled)
        return PreparedImport(source, temp, digest, _probe(source, temp))
    except BaseException as error:
        remove_quietly(temp)
        _raise_as_import_failure(source, error)
        raise


def commit_import(
    library: Library,
    prepared: PreparedImport,
    *,
    family_ref: str,
    session_date: Date | str | None = None,
) -> Clip:
    """Record a prepared file in one transaction (the library's own thread); the temporary
    copy is renamed into place or removed, whatever happens."""
    source, temp, digest = prepared.source, prepared.temp, prepared.digest
    suffix = source.suffix.lower()
    extension = suffix if _EXTENSION.match(suffix) else ".video"
    final = library.media_dir / f"{digest}{extension}"
    renamed: list[Path] = []
    try:
        clip_id, known = _record(
            library, prepared, final, family_ref, session_date, renamed=renamed
        )
        clip = records.get(library.db, "clips", clip_id, records.clip)
        return dataclasses.replace(clip, already_imported=True) if known else clip
    except BaseException as error:
        for path in renamed:  # only a file this call put there: never another clip's media
            remove_quietly(path)
        _raise_as_import_failure(source, error)
        raise
    finally:
        remove_quietly(temp)


def discard_import(prepared: PreparedImport) -> None:
    """Drop a prepared file that will not be recorded (e.g. the window closed first)."""
    remove_quietly(prepared.temp)


def _raise_as_import_failure(source: Path, error: BaseException) -> None:
    """Turn a cancel or a file-system error into an ImportFailedError that names the file."""
    if isinstance(error, InterruptedError):
        raise ImportFailedError(
            f"{source.name}: the import was cancelled; nothing was kept."
        ) from error
    if isinstance(error, OSError):
        raise ImportFailedError(
            f"{source.name}: could not be copied into the library ({error.strerror or error}). "
            "Check there is free space and that the file is readable."
        ) from error


def _record(
    library: Library,
    prepared: PreparedImport,
    final: Path,
    family_ref: str,
    session_date: Date | str | None,
    *,
    renamed: list[Path],
) -> tuple[int, bool]:
    """Insert the clip and its audit entry, and rename the copy into place, in one
    transaction; returns (clip id, whether the content was already in the library)."""
    facts = prepared.facts
    with library.transaction() as db:
        known = db.execute(
            "SELECT id FROM clips WHERE media_hash = ?", [prepared.digest]
        ).fetchone()
        if known:
            return int(known[0]), True
        family = _get_or_add_family(library, family_ref)
        day = str(session_date or (facts["recorded_at"] or now_iso())[:10])
        session = _filming_session_on(library, family.id, day)
        values = {
            **facts,
            "session_id": session.id,
            "media_hash": prepared.digest,
            "media_ext": final.suffix,
            "original_name": prepared.source.name,
            "size_bytes": prepared.source_size,
            "imported_at": now_iso(),
        }
        clip_id = records.insert(db, "clips", values)
        library.audit(
            "import_clip",
            "clip",
            clip_id,
            {
                "media_hash": prepared.digest,
                "session_id": session.id,
                "frame_count": facts["frame_count"],
            },
        )
        os.replace(prepared.temp, final)
        renamed.append(final)
        fsync_dir(final.parent)
    return clip_id, False


def _probe(source: Path, temp: Any) -> dict[str, Any]:
    from attune_app.media import MediaError, open_video

    try:
        with open_video(temp) as video:
            width, height = video.size
            recorded = video.recorded_at
            return {
                "frame_count": int(video.frame_count),
                "fps": float(video.fps),
                "duration_s": float(video.duration_s),
                "width": int(width),
                "height": int(height),
                "rotation": int(video.rotation),
                "has_audio": bool(video.has_audio),
                "codec_name": str(video.codec_name),
                "recorded_at": recorded.isoformat() if recorded is not None else None,
                "frame_index": video.frame_index.to_json(),
            }
    except MediaError as error:
        problem = getattr(error, "problem", str(error))
        advice = getattr(error, "advice", "")
        raise ImportFailedError(
            f"{source.name}: {problem} {advice} Nothing was imported. ({source})"
        ) from error
