"""Turning what a user typed into a safe full-text query."""

from __future__ import annotations

import unicodedata


def fts_query(text: str) -> str:
    """Each word as a quoted prefix term, so user text never breaks the FTS5 syntax.

    Quotes are dropped (a quoted term cannot hold one) and so are control characters: SQLite
    ends a string at NUL, which FTS5 reports as an unterminated string.
    """
    words = [_printable(word).replace('"', "") for word in text.split()]
    terms = [f'"{word}"*' for word in words if word]
    return " ".join(terms)


def _printable(word: str) -> str:
    return "".join(ch for ch in word if unicodedata.category(ch)[0] != "C")
