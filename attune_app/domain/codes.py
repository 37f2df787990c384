"""Coding schemes as data: codes grouped by role, parsed and checked from plain JSON values.

A scheme file looks like::

    {"name": "infant-cues", "title": "...", "version": 1, "editable": false,
     "groups": [{"key": "engagement_cues", "label": "...", "role": "cue",
                 "codes": [{"key": "looks_at_parent", "label": "Looks at parent"}]}]}

`role` says where a code may be used on a tag: `cue`, `response`, `principle`, or `scale` (an
item of a rating scale, with `min` and `max` on the group). Rating-scale templates carry the
structure of licensed instruments only; their wording is left to the service that licenses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLES = ("cue", "response", "principle", "behaviour", "scale")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class SchemeError(ValueError):
    """A scheme definition that cannot be used; the message says where and what to fix."""


@dataclass(frozen=True)
class Code:
    key: str
    label: str
    group: str
    role: str
    description: str = ""
    parent: str | None = None  # e.g. a behaviour's principle


@dataclass(frozen=True)
class CodeGroup:
    key: str
    label: str
    role: str
    codes: tuple[Code, ...]
    min_rating: int | None = None
    max_rating: int | None = None


@dataclass(frozen=True)
class CodingScheme:
    name: str
    title: str
    version: int
    groups: tuple[CodeGroup, ...]
    editable: bool = False
    description: str = ""

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(code for group in self.groups for code in group.codes)

    def codes_for(self, role: str) -> tuple[Code, ...]:
        return tuple(code for code in self.codes if code.role == role)


def parse_scheme(data: Any, *, source: str = "scheme") -> CodingScheme:
    """Check a scheme's JSON value and build it; `source` names the file in error messages."""
    top = _mapping(data, source)
    name = _key(top, "name", source)
    where = f"{source} ({name})"
    version = top.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemeError(f"{where}: 'version' must be a whole number from 1 up.")
    raw_groups = top.get("groups")
    if not isinstance(raw_groups, list) or not raw_groups:
        raise SchemeError(f"{where}: 'groups' must be a non-empty list.")
    groups = tuple(_group(g, f"{where} group {i + 1}") for i, g in enumerate(raw_groups))
    _check_unique((c.key for g in groups for c in g.codes), where, "code")
    _check_unique((g.key for g in groups), where, "group")
    _check_parents(groups, where)
    return CodingScheme(
        name=name,
        title=_text(top, "title", where),
        version=version,
        groups=groups,
        editable=bool(top.get("editable", False)),
        description=str(top.get("description", "")),
    )


def scheme_to_json_value(scheme: CodingScheme) -> dict[str, Any]:
    """The JSON value `parse_scheme` reads back into an equal scheme."""
    return {
        "name": scheme.name,
        "title": scheme.title,
        "version": scheme.version,
        "editable": scheme.editable,
        "description": scheme.description,
        "groups": [_group_value(group) for group in scheme.groups],
    }


def _group_value(group: CodeGroup) -> dict[str, Any]:
    value: dict[str, Any] = {"key": group.key, "label": group.label, "role": group.role}
    if group.min_rating is not None:
        value["min"], value["max"] = group.min_rating, group.max_rating
    value["codes"] = [_code_value(code) for code in group.codes]
    return value


def _code_value(code: Code) -> dict[str, Any]:
    value: dict[str, Any] = {"key": code.key, "label": code.label}
    if code.description:
        value["description"] = code.description
    if code.parent:
        value["parent"] = code.parent
    return value


def _group(data: Any, where: str) -> CodeGroup:
    raw = _mapping(data, where)
    key = _key(raw, "key", where)
    where = f"{where} '{key}'"
    role = raw.get("role")
    if role not in ROLES:
        raise SchemeError(f"{where}: 'role' must be one of {', '.join(ROLES)}, not {role!r}.")
    low, high = raw.get("min"), raw.get("max")
    if role == "scale" and not (isinstance(low, int) and isinstance(high, int) and low < high):
        raise SchemeError(f"{where}: a scale group needs whole numbers 'min' < 'max'.")
    raw_codes = raw.get("codes")
    if not isinstance(raw_codes, list) or not raw_codes:
        raise SchemeError(f"{where}: 'codes' must be a non-empty list.")
    codes = tuple(_code(c, f"{where} code {i + 1}", key, role) for i, c in enumerate(raw_codes))
    return CodeGroup(
        key=key,
        label=_text(raw, "label", where),
        role=role,
        codes=codes,
        min_rating=low if role == "scale" else None,
        max_rating=high if role == "scale" else None,
    )


def _code(data: Any, where: str, group: str, role: str) -> Code:
    raw = _mapping(data, where)
    key = _key(raw, "key", where)
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise SchemeError(f"{where} '{key}': 'parent' must be a code key.")
    return Code(
        key=key,
        label=_text(raw, "label", f"{where} '{key}'"),
        group=group,
        role=role,
        description=str(raw.get("description", "")),
        parent=parent,
    )


def _check_parents(groups: tuple[CodeGroup, ...], where: str) -> None:
    keys = {code.key for group in groups for code in group.codes}
    for group in groups:
        for code in group.codes:
            if code.parent is not None and code.parent not in keys:
                raise SchemeError(
                    f"{where}: code '{code.key}' names parent '{code.parent}', "
                    "which is not a code in this scheme."
                )


def _check_unique(keys: Iterable[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise SchemeError(f"{where}: the {what} key '{key}' is used twice; keys must differ.")
        seen.add(key)


def _mapping(data: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise SchemeError(f"{where}: expected a JSON object, found {type(data).__name__}.")
    return data


def _key(raw: Mapping[str, Any], name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not _KEY.match(value):
        raise SchemeError(
            f"{where}: '{name}' must be lower-case letters, digits and underscores "
            f"starting with a letter, not {value!r}."
        )
    return value


def _text(raw: Mapping[str, Any], name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SchemeError(f"{where}: '{name}' must be a non-empty text.")
    return value
