"""Where Attune's read-only resources (coding schemes, styles, icons) are.

In a checkout or an installed tree they sit next to the packages; in a PyInstaller bundle they
are unpacked under `sys._MEIPASS`, so paths must not be computed from a module's `__file__`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources` folder: in the bundle when frozen, else beside the packages."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder inside `resources/`, e.g. `resource_path("styles", "attune.qss")`."""
    return resources_dir().joinpath(*parts)
