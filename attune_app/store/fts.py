"""Turning what a user typed into a safe full-text query."""

from __future__ import annotations


def fts_query(text: str) -> str:
    """Each word as a quoted prefix term, so user text never breaks the FTS5 syntax."""
    words = [word.replace('"', "") for word in text.split()]
    terms = [f'"{word}"*' for word in words if word]
    return " ".join(terms)
