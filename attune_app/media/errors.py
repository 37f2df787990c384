"""Errors the media engine raises. Each message names the file, says what is wrong and what
the user can do, so the UI can show it as it is."""

from __future__ import annotations

import os


class MediaError(Exception):
    """A video cannot be opened or a frame cannot be shown."""

    def __init__(self, path: str | os.PathLike[str], problem: str, advice: str) -> None:
        self.path = os.fspath(path)
        self.problem = problem
        self.advice = advice
        super().__init__(f"{os.path.basename(self.path)}: {problem} {advice} ({self.path})")


class MissingMediaError(MediaError):
    """The file is not there (moved, renamed, or on a drive that is not connected)."""


class UnsupportedMediaError(MediaError):
    """The file is not a video Attune can read: no video stream, or an unknown format."""


class CorruptMediaError(MediaError):
    """The file is damaged: empty, cut off, or not decodable (at all or from some point)."""
