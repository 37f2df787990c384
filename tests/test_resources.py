"""The resources folder is found in a checkout and inside a frozen (PyInstaller) bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from attune_app.resources import resource_path, resources_dir

CHECKOUT_RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def test_in_a_checkout_the_resources_sit_beside_the_packages() -> None:
    assert resources_dir() == CHECKOUT_RESOURCES
    assert resource_path("schemes", "vig_principles.json").is_file()
    assert resource_path("styles", "attune.qss").is_file()
    assert resource_path("icons", "attune.svg").is_file()


def test_frozen_the_resources_are_in_the_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"
    assert resource_path("schemes") == tmp_path / "resources" / "schemes"


def test_the_store_reads_the_bundled_schemes_from_the_resources_folder() -> None:
    from attune_app.store.schemes import bundled_schemes_dir

    assert bundled_schemes_dir() == CHECKOUT_RESOURCES / "schemes"
