"""How a file's tiers (ELAN) or subjects (BORIS) and their values become tag fields.

The JSON shape (also what the GUI's mapping dialog produces)::

    {"tiers": {"TIER_ID": {"as": "cue|response|principle|note",
                           "values": {"ELAN value": "scheme code key"}}}}

A note tier has no `values`: its text is the note. On a coded tier a value with no entry in
`values` is taken as a code key when it is one; otherwise it is reported as not mapped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attune_app.store.errors import InvalidChangeError

TARGETS = ("cue", "response", "principle", "note")


class MappingError(InvalidChangeError):
    """A mapping file that cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class TierMapping:
    target: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TagMapping:
    tiers: dict[str, TierMapping]

    def to_json_value(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for tier, m in self.tiers.items():
            out[tier] = (
                {"as": m.target} if m.target == "note" else {"as": m.target, "values": m.values}
            )
        return {"tiers": out}


def parse_mapping(value: Any, *, source: str = "mapping") -> TagMapping:
    if not isinstance(value, dict) or not isinstance(value.get("tiers"), dict):
        raise MappingError(f'{source}: expected {{"tiers": {{"TIER_ID": {{"as": ...}}}}}}.')
    tiers: dict[str, TierMapping] = {}
    for tier, raw in value["tiers"].items():
        where = f"{source}: tier '{tier}'"
        if not isinstance(raw, dict) or raw.get("as") not in TARGETS:
            raise MappingError(f"{where}: 'as' must be one of {', '.join(TARGETS)}.")
        target = raw["as"]
        values = raw.get("values", {})
        if target == "note" and "values" in raw:
            raise MappingError(f"{where}: a note tier takes no 'values' (its text is the note).")
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in values.items()
        ):
            raise MappingError(f"{where}: 'values' must map each ELAN value to a code key.")
        tiers[str(tier)] = TierMapping(target, dict(values))
    return TagMapping(tiers)


def read_mapping(path: Path) -> TagMapping:
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise MappingError(f"{path}: cannot be read ({error.strerror}).") from error
    except ValueError as error:
        raise MappingError(f"{path}: is not valid JSON ({error}).") from error
    return parse_mapping(value, source=str(path))
