"""Rows in, dataclasses out: the one place that knows how each table maps to a domain value."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlite_utils import Database

from attune_app.domain.models import (
    Clip,
    Comment,
    Consent,
    Family,
    Person,
    Reel,
    ReelItem,
    Reflection,
    Session,
    SignOff,
    Tag,
)
from attune_app.store.errors import NotFoundError

T = TypeVar("T")
Row = dict[str, Any]

_ENTITY_NAMES = {
    "people": "person",
    "families": "family",
    "consents": "consent",
    "sessions": "session",
    "clips": "clip",
    "tags": "tag",
    "reels": "reel",
    "reel_items": "reel item",
    "reflections": "reflection",
    "comments": "comment",
    "sign_offs": "sign-off",
}


def person(row: Row) -> Person:
    return Person(row["id"], row["display_name"], row["profile"], row["os_user"])


def family(row: Row) -> Family:
    return Family(row["id"], row["ref"], row["created_at"])


def consent(row: Row) -> Consent:
    return Consent(
        row["id"],
        row["family_id"],
        row["purpose"],
        row["given_on"],
        row["expires_on"],
        row["withdrawn_on"],
        row["recorded_by"],
    )


def session(row: Row) -> Session:
    return Session(
        row["id"], row["family_id"], row["practitioner_id"], row["date"], row["kind"], row["cycle"]
    )


def clip(row: Row) -> Clip:
    return Clip(
        id=row["id"],
        session_id=row["session_id"],
        media_hash=row["media_hash"],
        media_ext=row["media_ext"],
        original_name=row["original_name"],
        size_bytes=row["size_bytes"],
        recorded_at=row["recorded_at"],
        frame_count=row["frame_count"],
        fps=row["fps"],
        duration_s=row["duration_s"],
        width=row["width"],
        height=row["height"],
        rotation=row["rotation"],
        has_audio=bool(row["has_audio"]),
        codec_name=row["codec_name"],
        imported_at=row["imported_at"],
    )


def tag(row: Row) -> Tag:
    return Tag(
        id=row["id"],
        clip_id=row["clip_id"],
        in_frame=row["in_frame"],
        out_frame=row["out_frame"],
        cue_frame=row["cue_frame"],
        cue_code=row["cue_code"],
        response_frame=row["response_frame"],
        response_code=row["response_code"],
        principle_codes=tuple(json.loads(row["principle_codes"] or "[]")),
        rating=row["rating"],
        note=row["note"],
        author_id=row["author_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def tag_row(value: Tag) -> Row:
    """The columns of a tag, for inserting it back (undo of delete keeps its id)."""
    return {
        "id": value.id,
        "clip_id": value.clip_id,
        "in_frame": value.in_frame,
        "out_frame": value.out_frame,
        "cue_frame": value.cue_frame,
        "cue_code": value.cue_code,
        "response_frame": value.response_frame,
        "response_code": value.response_code,
        "principle_codes": json.dumps(list(value.principle_codes)),
        "rating": value.rating,
        "note": value.note,
        "author_id": value.author_id,
        "created_at": value.created_at,
        "updated_at": value.updated_at,
    }


def reel(row: Row) -> Reel:
    return Reel(row["id"], row["name"], row["purpose"], row["owner_id"], row["created_at"])


def reel_item(row: Row) -> ReelItem:
    return ReelItem(
        id=row["id"],
        reel_id=row["reel_id"],
        position=row["position"],
        clip_id=row["clip_id"],
        in_frame=row["in_frame"],
        out_frame=row["out_frame"],
        source_tag_id=row["source_tag_id"],
        caption=row["caption"],
        speed=row["speed"],
        hold_frame=row["hold_frame"],
        hold_ms=row["hold_ms"],
    )


def reflection(row: Row) -> Reflection:
    return Reflection(
        row["id"],
        row["reel_item_id"],
        row["session_id"],
        row["text"],
        row["recorded_by"],
        row["created_at"],
    )


def comment(row: Row) -> Comment:
    return Comment(
        row["id"],
        row["author_id"],
        row["text"],
        row["created_at"],
        row["session_id"],
        row["tag_id"],
    )


def sign_off(row: Row) -> SignOff:
    return SignOff(
        row["id"], row["session_id"], row["supervisor_id"], row["signed_at"], row["note"]
    )


def get(db: Database, table: str, record_id: int, convert: Callable[[Row], T]) -> T:
    """The record with this id, or `NotFoundError` saying which kind and id."""
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]))
    if not rows:
        raise NotFoundError(
            f"There is no {_ENTITY_NAMES.get(table, table)} with id {record_id} in this library."
        )
    return convert(rows[0])


def select(
    db: Database, sql: str, params: list[Any] | None, convert: Callable[[Row], T]
) -> list[T]:
    return [convert(row) for row in db.query(sql, params or [])]


def insert(db: Database, table: str, values: Row) -> int:
    columns = ", ".join(f"[{name}]" for name in values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(
        f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(values.values())
    )
    return int(cursor.lastrowid or 0)


def update(db: Database, table: str, record_id: int, values: Row) -> None:
    assignments = ", ".join(f"[{name}] = ?" for name in values)
    db.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), record_id])


def delete(db: Database, table: str, record_id: int) -> None:
    db.execute(f"DELETE FROM [{table}] WHERE id = ?", [record_id])
