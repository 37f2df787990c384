"""Make tests/data/library-v1.sqlite: a library at schema v1 (the first released schema).

Run from the repository root: `.venv/bin/python tests/data/make_library_v1.py`. It writes with
plain SQL, as Attune v1 did, so later changes to the services cannot change this file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlite_utils import Database

from attune_app.store import audit
from attune_app.store.migrations import migrations

TARGET = Path(__file__).with_name("library-v1.sqlite")
V1_CLIP_BYTES = b"attune v1 test clip"  # tests write this as the clip's media file
AT = "2025-06-01T10:00:00+00:00"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    db = Database(sqlite3.connect(str(TARGET)), execute_plugins=False)
    migrations.apply(db, stop_before="m002_search_and_audit_guards")
    with db.atomic():
        _fill(db)
    db.close()
    print(TARGET)


def _insert(db: Database, table: str, values: dict[str, object], action: str) -> int:
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
    row_id = int(cursor.lastrowid or 0)
    audit.append(db, person_id=1, action=action, entity=table, entity_id=row_id, details={})
    return row_id


def _fill(db: Database) -> None:
    scheme = {"name": "infant_cues_parent_responses", "title": "Infant cues", "version": 1,
              "groups": [{"key": "cues", "label": "Cues", "role": "cue",
                          "codes": [{"key": "smiles", "label": "Smiles"}]},
                         {"key": "responses", "label": "Responses", "role": "response",
                          "codes": [{"key": "smiles_back", "label": "Smiles back"}]}]}  # fmt: skip
    db.execute(
        "INSERT INTO coding_schemes (name, version, definition) VALUES (?, 1, ?)",
        [scheme["name"], json.dumps(scheme)],
    )
    person = {"display_name": "Practitioner A", "profile": "practitioner", "created_at": AT}
    _insert(db, "people", person, "add_person")
    _insert(db, "families", {"ref": "F-V1", "created_at": AT}, "add_family")
    consent = {"family_id": 1, "purpose": "recording", "given_on": "2025-06-01"}
    _insert(db, "consents", consent, "record_consent")
    session = {"family_id": 1, "practitioner_id": 1, "date": "2025-06-01", "kind": "filming"}
    _insert(db, "sessions", session, "add_session")
    clip = {
        "session_id": 1, "media_hash": hashlib.sha256(V1_CLIP_BYTES).hexdigest(),
        "media_ext": ".mp4", "original_name": "visit.mp4", "size_bytes": len(V1_CLIP_BYTES),
        "frame_count": 250, "fps": 25.0, "duration_s": 10.0, "width": 640, "height": 360,
        "rotation": 0, "has_audio": 1, "codec_name": "h264", "imported_at": AT,
    }  # fmt: skip
    _insert(db, "clips", clip, "import_clip")
    for start, note in ((10, "baby smiled and mum smiled back"), (80, "waited for his turn")):
        tag = {
            "clip_id": 1, "in_frame": start, "out_frame": start + 30, "cue_frame": start,
            "cue_code": "smiles", "response_frame": start + 8, "response_code": "smiles_back",
            "note": note, "author_id": 1, "created_at": AT, "updated_at": AT,
        }  # fmt: skip
        _insert(db, "tags", tag, "add_tag")
    reel = {"name": "Shared review", "purpose": "parent_review", "owner_id": 1, "created_at": AT}
    _insert(db, "reels", reel, "create_reel")
    item = {"reel_id": 1, "position": 0, "clip_id": 1, "in_frame": 10, "out_frame": 40,
            "source_tag_id": 1, "caption": "Look at her face"}  # fmt: skip
    _insert(db, "reel_items", item, "add_to_reel")
    reflection = {"reel_item_id": 1, "session_id": 1, "text": "She was telling me something",
                  "recorded_by": 1, "created_at": AT}  # fmt: skip
    _insert(db, "reflections", reflection, "add_reflection")
    comment = {"author_id": 1, "text": "Lovely pacing", "created_at": AT, "tag_id": 2}
    _insert(db, "comments", comment, "add_comment")


if __name__ == "__main__":
    main()
