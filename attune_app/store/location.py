"""Where a library is kept: warn when it sits in a cloud-synced folder (a copy of every family's
films leaves the laptop) or on a removable drive (easily lost, often unencrypted)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

# folder names the sync clients use (Windows, macOS, Linux clients)
_CLOUD_NAMES = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
}
_CLOUD_ENV = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")
_REMOVABLE_ROOTS = ("/media/", "/run/media/", "/Volumes/")

CLOUD_ADVICE = (
    "Every family's films would be copied to {service}'s servers. Move the library out of "
    "the synced folder (close Attune, move the folder, open it with --library), or ask your "
    "admin whether the service allows it."
)
REMOVABLE_ADVICE = (
    "A removable drive is easily lost. Keep the library on the laptop's own encrypted disk, "
    "or make sure this drive is encrypted and stored securely."
)


def cloud_service(path: Path, env: Mapping[str, str] | None = None) -> str | None:
    """The sync service whose folder holds `path`, if any."""
    env = os.environ if env is None else env
    for part in path.parts:
        lowered = part.lower()
        for key, service in _CLOUD_NAMES.items():
            if lowered == key or lowered.startswith((f"{key} -", f"{key}-")):
                return service
    for name in _CLOUD_ENV:
        root = env.get(name)
        if root and _is_within(path, Path(root)):
            return "OneDrive"
    return None


def is_removable(path: Path, platform: str | None = None) -> bool:
    platform = platform or sys.platform
    text = str(path)
    if platform == "win32":
        return _windows_removable(path)
    if platform == "darwin":
        return text.startswith("/Volumes/")
    return text.startswith(_REMOVABLE_ROOTS) or _linux_removable(path)


def storage_warnings(path: Path, env: Mapping[str, str] | None = None) -> list[str]:
    warnings = []
    service = cloud_service(path, env)
    if service:
        warnings.append(
            f"The library {path} is inside a {service} folder. "
            + CLOUD_ADVICE.format(service=service)
        )
    if is_removable(path):
        warnings.append(f"The library {path} is on a removable drive. {REMOVABLE_ADVICE}")
    return warnings


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _linux_removable(path: Path) -> bool:
    """The block device behind `path` says it is removable (USB sticks, SD cards)."""
    try:
        st_dev = path.stat().st_dev
        major, minor = os.major(st_dev), os.minor(st_dev)
        device = Path(f"/sys/dev/block/{major}:{minor}").resolve()
        for candidate in (device, device.parent):
            flag = candidate / "removable"
            if flag.is_file():
                return flag.read_text().strip() == "1"
    except OSError:
        return False
    return False


def _windows_removable(path: Path) -> bool:
    import ctypes

    drive = str(path.resolve().anchor)
    kernel = getattr(ctypes, "windll", None)
    if kernel is None or not drive:
        return False
    return int(kernel.kernel32.GetDriveTypeW(drive)) == 2  # DRIVE_REMOVABLE
