"""Rows in, dataclasses out: the one place that knows how each table maps to a domain value."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

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

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")
D = TypeVar("D", bound="DataclassInstance")
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


def _from_row(cls: type[D], row: Row, **decoded: Any) -> D:
    """A domain value from a row: each dataclass field from the column of its name (fields
    with no column keep their default), with `decoded` columns given already converted."""
    names = {f.name for f in dataclasses.fields(cls)}
    values = {name: row[name] for name in names if name in row}
    return cls(**{**values, **decoded})


def person(row: Row) -> Person:
    return _from_row(Person, row)


def family(row: Row) -> Family:
    return _from_row(Family, row)


def consent(row: Row) -> Consent:
    return _from_row(Consent, row)


def session(row: Row) -> Session:
    return _from_row(Session, row)


def clip(row: Row) -> Clip:
    return _from_row(Clip, row, has_audio=bool(row["has_audio"]))


def tag(row: Row) -> Tag:
    codes = tuple(json.loads(row["principle_codes"] or "[]"))
    return _from_row(Tag, row, principle_codes=codes)


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
    return _from_row(Reel, row)


def reel_item(row: Row) -> ReelItem:
    return _from_row(ReelItem, row, muted=bool(row.get("muted", 0)))


def reflection(row: Row) -> Reflection:
    return _from_row(Reflection, row)


def comment(row: Row) -> Comment:
    return _from_row(Comment, row)


def sign_off(row: Row) -> SignOff:
    return _from_row(SignOff, row)


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
