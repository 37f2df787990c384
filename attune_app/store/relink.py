"""Relinking media by content hash: find missing or changed clips' files in a folder."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from attune_app.store.files import copy_hashing, fsync_dir, hash_file, remove_quietly
from attune_app.store.library import Library


@dataclass
class RelinkReport:
    relinked: dict[int, Path] = field(default_factory=dict)  # clip id -> file it came from
    still_missing: list[int] = field(default_factory=list)


def clips_needing_media(library: Library) -> dict[str, tuple[int, str, int]]:
    """hash -> (clip id, extension, size) of clips whose media file is missing or changed."""
    needing = {}
    rows = library.db.execute("SELECT id, media_hash, media_ext, size_bytes FROM clips")
    for clip_id, digest, ext, size in rows.fetchall():
        path = library.media_dir / f"{digest}{ext}"
        if not path.is_file() or library.media_file_differs(path, size, digest):
            needing[digest] = (clip_id, ext, size)
    return needing


def relink(library: Library, folder: Path) -> RelinkReport:
    """Copy files from `folder` (searched recursively) whose hash matches a clip lacking media."""
    needing = clips_needing_media(library)
    sizes = {size for _, _, size in needing.values()}
    report = RelinkReport()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if not needing or path.stat().st_size not in sizes:
            continue
        digest = hash_file(path)
        if digest in needing:
            clip_id, ext, _ = needing.pop(digest)
            _copy_in(library, path, library.media_dir / f"{digest}{ext}", digest)
            with library.transaction():
                library.audit("relink_media", "clip", clip_id, {"media_hash": digest})
            report.relinked[clip_id] = path
    report.still_missing = sorted(clip_id for clip_id, _, _ in needing.values())
    return report


def _copy_in(library: Library, source: Path, final: Path, digest: str) -> None:
    temp = library.media_dir / f".import-{uuid.uuid4().hex}.part"
    try:
        if library.data_key is not None:
            from attune_app.store.media_crypto import copy_encrypting

            copied = copy_encrypting(source, temp, library.data_key.media_key)
        else:
            copied = copy_hashing(source, temp)
        if copied != digest:
            raise OSError(f"{source} changed while it was being copied; try again.")
        os.replace(temp, final)
        fsync_dir(final.parent)
    finally:
        remove_quietly(temp)
