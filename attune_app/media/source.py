"""Where the media engine reads a clip from: a file path, or a `MediaSource`.

A `MediaSource` (e.g. an encrypted library's clip) gives a name for messages, the size of its
content and `open()`, a new seekable binary file object each call, which PyAV decodes from
directly. The engine never learns where the bytes come from (it does not import the store).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, BinaryIO, Protocol, runtime_checkable

import av

Opener = Callable[[], BinaryIO]


@runtime_checkable
class MediaSource(Protocol):
    @property
    def name(self) -> str: ...

    def size(self) -> int: ...

    def open(self) -> BinaryIO: ...


def av_open(path: str, opener: Opener | None) -> Any:
    """An input container of `path`, or of a fresh file object from `opener`."""
    if opener is None:
        return av.open(path, mode="r")
    return av.open(opener(), mode="r")


def split_source(source: str | os.PathLike[str] | MediaSource) -> tuple[str, Opener | None]:
    """(name for messages and `Video.path`, opener or None for a plain file)."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source), None
    return source.name, source.open
