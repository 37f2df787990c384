"""Undo of deleting a reel: the reel and its items come back with their ids."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from attune_app.domain.models import Reel, ReelItem
from attune_app.services.reels import list_reel_items, reel_consent_problems
from attune_app.store import records
from attune_app.store.errors import InvalidChangeError
from attune_app.store.library import Library


def reel_with_items(library: Library, reel_id: int) -> tuple[Reel, list[ReelItem]]:
    """The reel and its items, as `restore_reel` takes them back (read before deleting)."""
    reel = records.get(library.db, "reels", reel_id, records.reel)
    return reel, list_reel_items(library, reel_id)


def restore_reel(library: Library, reel: Reel, items: Sequence[ReelItem]) -> Reel:
    """Bring back a deleted reel and its items, with their ids and order.

    An item whose source tag has gone since keeps its frames but no longer points at the tag.
    A reel comes back only while every family it shows still has the consent its purpose
    needs (`attune_app.domain.consent`); otherwise nothing is restored and the message says who.
    """
    with library.transaction() as db:
        if db.execute("SELECT 1 FROM reels WHERE id = ?", [reel.id]).fetchone():
            raise InvalidChangeError(f"The reel '{reel.name}' is already in the library.")
        records.insert(db, "reels", dataclasses.asdict(reel))
        for item in sorted(items, key=lambda i: (i.position, i.id)):
            values = dataclasses.asdict(item)
            tag_id = values["source_tag_id"]
            if tag_id is not None and not _exists(library, "tags", tag_id):
                values["source_tag_id"] = None
            records.insert(db, "reel_items", values)
        problems = reel_consent_problems(library, reel.id)
        if problems:
            raise InvalidChangeError(" ".join(problems))  # rolls the whole restore back
        library.audit(
            "restore_reel",
            "reel",
            reel.id,
            {"purpose": reel.purpose, "items": [i.id for i in items]},
        )
    return records.get(library.db, "reels", reel.id, records.reel)


def _exists(library: Library, table: str, record_id: int) -> bool:
    row = library.db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [record_id]).fetchone()
    return row is not None
