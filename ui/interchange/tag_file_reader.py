"""Reads a tag file off the GUI thread (parsing a large ELAN file takes a moment) and hands the
parsed layers back on the GUI thread. The worker touches no widget and no database."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from attune_app.interchange.boris import read_boris
from attune_app.interchange.eaf_reader import read_eaf
from attune_app.interchange.tag_import import file_format


@dataclass(frozen=True)
class TagFileLayers:
    """What a mapping dialog shows: each tier (ELAN) or subject (BORIS) and its values."""

    path: Path
    file_format: str
    layers: dict[str, Counter[str]] = field(default_factory=dict)
    needs_mapping: bool = True  # False for Attune's own files and tables
    problems: tuple[str, ...] = ()


def read_layers(path: Path) -> TagFileLayers:
    """Any thread: parse the file and list its layers (no database)."""
    fmt = file_format(path)
    if fmt in ("csv", "json"):
        return TagFileLayers(path, fmt, needs_mapping=False)
    data = path.read_bytes()
    if fmt == "eaf":
        eaf = read_eaf(data, source=path.name)
        return TagFileLayers(
            path, fmt, eaf.layers(), not eaf.written_by_attune, tuple(eaf.problems)
        )
    occurrences, result = read_boris(data.decode("utf-8-sig", errors="replace"))
    layers: dict[str, Counter[str]] = {}
    for occ in occurrences:
        layers.setdefault(occ.layer, Counter())[occ.value] += 1
    attune = bool(occurrences) and all(o.group for o in occurrences)
    return TagFileLayers(path, fmt, layers, not attune, tuple(result.problems))


class TagFileReader(QObject):
    """One read at a time; `read` emits a `TagFileLayers`, `failed` a message."""

    read = Signal(object)
    failed = Signal(str)
    _done = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self, path: Path) -> None:
        """GUI thread."""
        self._thread = threading.Thread(
            target=self._work, args=(path,), name="tag-file-reader", daemon=True
        )
        self._thread.start()

    def _work(self, path: Path) -> None:
        try:
            self._done.emit(read_layers(path))
        except Exception as error:  # reported to the user, never raised in a thread
            self._done.emit(f"{path.name}: {error}")

    def _deliver(self, outcome: object) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if isinstance(outcome, TagFileLayers):
            self.read.emit(outcome)
        else:
            self.failed.emit(str(outcome))
