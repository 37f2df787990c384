"""Salted digests of what an erased family left behind, so a later scan can tell whether any
of it is still on disk without the library keeping the words themselves.

Text is cut into tokens (runs of letters and digits; other UTF-8 bytes count as letters) both
when the digests are made and when files are scanned; a run of tokens is kept as its raw bytes
from the first token to the last, separators included, ASCII lower-cased. So a scan of raw
bytes (a database page, a WAL frame, a backup) finds the same runs the record held, and random
binary bytes almost never pass for one. Kept:
- the family's reference, as its whole token sequence;
- each note's, reflection's, comment's, caption's and file name's runs of three tokens, and
  its long tokens (8+ characters) on their own; a text of one or two tokens as a whole;
- each clip's content hash.
Each is HMAC-SHA-256 under a random salt made for that erasure, cut to 16 bytes. The salt is
stored beside the digests (a scan needs it): they stop a precomputed dictionary and reveal
nothing to someone who does not already hold the words, but anyone with the library could
confirm a guess of a whole three-word phrase. That is the price of a check that can verify.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

TOKEN = re.compile(rb"[0-9A-Za-z\x80-\xff]+")
PHRASE_TOKENS = 3
LONG_TOKEN_CHARS = 8
DIGEST_BYTES = 16
Run = tuple[int, bytes]  # (how many tokens, the bytes from the first to the last, lower-cased)


def spans(data: bytes) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN.finditer(data)]


def runs(data: bytes, where: list[tuple[int, int]], n: int) -> Iterator[bytes]:
    """Each run of `n` consecutive tokens, with what separates them, as raw bytes."""
    for i in range(len(where) - n + 1):
        yield data[where[i][0] : where[i + n - 1][1]].lower()


def text_runs(text: str) -> set[Run]:
    """The token runs kept for one piece of a family's text."""
    data = text.encode("utf-8")
    where = spans(data)
    if not where:
        return set()
    if len(where) < PHRASE_TOKENS:
        return {(len(where), data[where[0][0] : where[-1][1]].lower())}
    kept = {(PHRASE_TOKENS, r) for r in runs(data, where, PHRASE_TOKENS)}
    return kept | {(1, r) for r in runs(data, where, 1) if len(r) >= LONG_TOKEN_CHARS}


def ref_run(ref: str) -> Run:
    data = ref.encode("utf-8")
    where = spans(data)
    return (len(where), data[where[0][0] : where[-1][1]].lower()) if where else (0, b"")


def digest(salt: bytes, kind: str, run: bytes) -> bytes:
    return hmac.digest(salt, kind.encode("ascii") + b"\0" + run, "sha256")[:DIGEST_BYTES]


@dataclass
class TraceSet:
    """One erasure's digests, by kind and by run length, ready to match a scan."""

    erasure_id: int
    salt: bytes
    digests: dict[tuple[str, int], set[bytes]]

    def matches(self, data: bytes, where: list[tuple[int, int]]) -> Iterator[tuple[str, Run]]:
        """(kind, run) for each run of tokens in `data` whose digest this erasure holds."""
        for (kind, n), wanted in self.digests.items():
            if kind == "media":
                continue
            for run in runs(data, where, n):
                if digest(self.salt, kind, run) in wanted:
                    yield kind, (n, run)

    def media_matches(self, hex_hashes: Iterable[str]) -> Iterator[str]:
        wanted = self.digests.get(("media", 1), set())
        for value in hex_hashes:
            if digest(self.salt, "media", value.lower().encode("ascii")) in wanted:
                yield value
