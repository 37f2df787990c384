"""Attune's core: domain, store, media and services. It never imports Qt."""

from __future__ import annotations

__version__ = "0.1.0"
