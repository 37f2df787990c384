"""Warnings about where a library is kept: cloud-synced folders and removable drives."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from attune_app.store.library import Library
from attune_app.store.location import cloud_service, is_removable, storage_warnings


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/sam/Dropbox/Attune", "Dropbox"),
        ("/Users/sam/Library/CloudStorage/OneDrive-NHS Trust/Attune", "OneDrive"),
        ("/Users/sam/Library/CloudStorage/GoogleDrive-sam@x.org/My Drive/lib", "Google Drive"),
        ("/Users/sam/Library/Mobile Documents/com~apple~CloudDocs/lib", "iCloud Drive"),
        ("/home/sam/Documents/Attune", None),
        ("/home/sam/dropboxes-old/Attune", None),
    ],
)
def test_cloud_folders_are_recognised(path: str, service: str | None) -> None:
    assert cloud_service(Path(path), env={}) == service


def test_windows_onedrive_from_its_environment_variable(tmp_path: Path) -> None:
    synced = tmp_path / "Work files"
    (synced / "lib").mkdir(parents=True)
    assert cloud_service(synced / "lib", env={"OneDriveCommercial": str(synced)}) == "OneDrive"
    assert cloud_service(PureWindowsPath(r"C:\Users\sam\OneDrive - NHS\lib"), env={}) == "OneDrive"  # type: ignore[arg-type]


def test_removable_mounts() -> None:
    assert is_removable(Path("/media/sam/USB STICK/lib"), platform="linux")
    assert is_removable(Path("/Volumes/SD card/lib"), platform="darwin")
    assert not is_removable(Path("/Users/sam/lib"), platform="darwin")


def test_opening_a_library_in_a_synced_folder_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "Dropbox" / "Attune"
    with Library.open(folder, create=True, auto_backup=False) as library:
        [warning] = [n for n in library.notices if "Dropbox" in n]
    assert "Move the library out of the synced folder" in warning
    assert storage_warnings(tmp_path / "plain", env={}) == []
