"""What can go wrong with a library, each with a message a practitioner can act on."""

from __future__ import annotations


class LibraryError(Exception):
    """Base for library problems; `str(error)` is a complete message for the user."""


class LibraryNotFoundError(LibraryError):
    pass


class LibraryBusyError(LibraryError):
    """Another Attune process holds the library open for writing."""

    def __init__(self, message: str, *, holder: dict[str, object]) -> None:
        super().__init__(message)
        self.holder = holder


class LibraryTooNewError(LibraryError):
    """The library was written by a newer Attune, with a schema this one does not know."""


class ReadOnlyLibraryError(LibraryError):
    pass


class NotFoundError(LibraryError):
    """A record asked for by id is not in the library."""


class InvalidChangeError(LibraryError):
    """A change that would break a rule (frames outside the clip, unknown code, ...)."""
