"""Which scheme (and version) each code key belongs to, for labels, vocabularies and checks."""

from __future__ import annotations

from dataclasses import dataclass

from attune_app.domain.codes import Code, CodingScheme
from attune_app.services.schemes import list_schemes
from attune_app.store.library import Library

# A tag field and the scheme roles whose codes it may hold.
FIELD_ROLES = {
    "cue": ("cue",),
    "response": ("response",),
    "principle": ("principle", "behaviour"),
}


@dataclass(frozen=True)
class SchemeCode:
    code: Code
    scheme: str
    version: int
    group_label: str

    @property
    def description(self) -> str:
        """The code's label, and its description when the scheme has one."""
        extra = self.code.description.strip()
        return f"{self.code.label}: {extra}" if extra else self.code.label


class CodeBook:
    """The active schemes' codes by key."""

    def __init__(self, schemes: list[CodingScheme]) -> None:
        self.schemes = schemes
        self._codes: dict[str, SchemeCode] = {}
        for scheme in schemes:
            for group in scheme.groups:
                for code in group.codes:
                    entry = SchemeCode(code, scheme.name, scheme.version, group.label)
                    self._codes.setdefault(code.key, entry)

    @classmethod
    def of(cls, library: Library) -> CodeBook:
        return cls(list_schemes(library))

    def get(self, key: str) -> SchemeCode | None:
        return self._codes.get(key)

    def fits(self, field: str, key: str) -> bool:
        entry = self._codes.get(key)
        return entry is not None and entry.code.role in FIELD_ROLES[field]

    def codes_for(self, field: str) -> list[SchemeCode]:
        roles = FIELD_ROLES[field]
        return [entry for entry in self._codes.values() if entry.code.role in roles]

    def scheme_of(self, key: str | None) -> str:
        """`name v1` of the key's scheme, or "" when the key is empty or unknown."""
        entry = self._codes.get(key or "")
        return f"{entry.scheme} v{entry.version}" if entry else ""
