from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from attune_app.services import ensure_local_person
from attune_app.store.library import Library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        ensure_local_person(opened)
        yield opened
