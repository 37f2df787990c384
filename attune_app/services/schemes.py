"""The coding schemes a library uses, and checks of codes against them."""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from attune_app.domain.codes import Code, CodingScheme
from attune_app.store.errors import InvalidChangeError, NotFoundError
from attune_app.store.library import Library
from attune_app.store.schemes import load_active_schemes

# Roles a tag field accepts: a principle field may name a principle or one of its behaviours.
_FIELD_ROLES = {
    "cue": ("cue",),
    "response": ("response",),
    "principle": ("principle", "behaviour"),
}


# Parsed schemes per open library, with the stamp of the scheme rows they were parsed from.
_cache: weakref.WeakKeyDictionary[Library, tuple[tuple[int, ...], list[CodingScheme]]] = (
    weakref.WeakKeyDictionary()
)


def list_schemes(library: Library) -> list[CodingScheme]:
    row = library.db.execute(
        "SELECT count(*), coalesce(max(id), 0), coalesce(sum(active), 0) FROM coding_schemes"
    ).fetchone()
    stamp = tuple(int(v) for v in row)
    cached = _cache.get(library)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_active_schemes(library.db))
        _cache[library] = cached
    return list(cached[1])


def active_codes(library: Library, scheme_name: str) -> list[Code]:
    """The codes of a scheme (each with key, label, group and role), in the scheme's order."""
    for scheme in list_schemes(library):
        if scheme.name == scheme_name:
            return list(scheme.codes)
    raise NotFoundError(f"There is no coding scheme called '{scheme_name}' in this library.")


def check_codes(library: Library, field: str, keys: Iterable[str]) -> None:
    """Raise `InvalidChangeError` naming any key that is not a known code for `field`."""
    wanted = [key for key in keys if key]
    if not wanted:
        return
    roles = _FIELD_ROLES[field]
    known = {c.key for s in list_schemes(library) for c in s.codes if c.role in roles}
    unknown = [key for key in wanted if key not in known]
    if unknown:
        raise InvalidChangeError(
            f"Unknown {field} code(s): {', '.join(unknown)}. "
            f"Known {field} codes: {', '.join(sorted(known)) or 'none'}."
        )
