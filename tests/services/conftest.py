from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from attune_app.domain.models import Clip
from attune_app.services import ensure_local_person
from attune_app.store.library import Library
from tests.services.fake_clips import add_fake_clip


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library", create=True, auto_backup=False) as opened:
        ensure_local_person(opened)
        yield opened


@pytest.fixture
def clip(library: Library) -> Clip:
    return add_fake_clip(library)
