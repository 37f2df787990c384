from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from attune_app.store.library import Library


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    with Library.open(library_path, create=True) as opened:
        yield opened
