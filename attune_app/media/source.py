"""Where the media engine reads a clip from: a file path, or a `MediaSource`.

A `MediaSource` (e.g. an encrypted library's clip) gives a name for messages, the size of its
content and `open()`, a new seekable binary file object each call, which PyAV decodes from
directly. The engine never learns where the bytes come from (it does not import the store).
"""

from __future__ import annotations

import io
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


class BytesSource:
    """A `MediaSource` over bytes held in memory (a preview that must never reach a disk);
    every `open()` is a new reader over the same bytes, not a copy."""

    def __init__(self, name: str, data: bytes) -> None:
        self._name, self._data = name, data

    @property
    def name(self) -> str:
        return self._name

    def size(self) -> int:
        return len(self._data)

    def open(self) -> BinaryIO:
        return io.BytesIO(self._data)


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
