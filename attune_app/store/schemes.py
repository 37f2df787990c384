"""Coding schemes in the library: read from resources/schemes/*.json, stored as versioned rows."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from attune_app.domain.codes import CodingScheme, SchemeError, parse_scheme, scheme_to_json_value
from attune_app.resources import resource_path
from attune_app.store import audit


def bundled_schemes_dir() -> Path:
    return resource_path("schemes")


def read_scheme_file(path: Path) -> CodingScheme:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SchemeError(f"{path}: cannot be read ({error.strerror}).") from error
    except ValueError as error:
        raise SchemeError(f"{path}: is not valid JSON ({error}). Fix the file.") from error
    return parse_scheme(value, source=str(path))


def read_scheme_folder(folder: Path) -> list[CodingScheme]:
    return [read_scheme_file(path) for path in sorted(folder.glob("*.json"))]


def install_schemes(db: Database, schemes: list[CodingScheme], person_id: int | None) -> list[str]:
    """Store schemes whose (name, version) the library lacks; inside the caller's transaction."""
    installed = []
    for scheme in schemes:
        exists = db.execute(
            "SELECT 1 FROM coding_schemes WHERE name = ? AND version = ?",
            [scheme.name, scheme.version],
        ).fetchone()
        if exists:
            continue
        definition = json.dumps(scheme_to_json_value(scheme), sort_keys=True)
        cursor = db.execute(
            "INSERT INTO coding_schemes (name, version, definition, active) VALUES (?, ?, ?, 1)",
            [scheme.name, scheme.version, definition],
        )
        audit.append(
            db,
            person_id=person_id,
            action="install_scheme",
            entity="coding_scheme",
            entity_id=cursor.lastrowid,
            details={"name": scheme.name, "version": scheme.version},
        )
        installed.append(f"{scheme.name} v{scheme.version}")
    return installed


def load_active_schemes(db: Database) -> list[CodingScheme]:
    """The newest active version of each scheme."""
    rows = db.execute(
        "SELECT name, definition FROM coding_schemes s WHERE active = 1 AND version = "
        "(SELECT MAX(version) FROM coding_schemes WHERE name = s.name AND active = 1) "
        "ORDER BY name"
    ).fetchall()
    return [parse_scheme(json.loads(row[1]), source=f"library scheme {row[0]}") for row in rows]
