"""Seeded corruptions of an ENCRYPTED library file: each one is refused at open with a message
naming the file, or opens correctly (its reels intact, or `library check` reporting the damage);
never a traceback, never a hang, never "wrong passphrase". The failing cases go through the CLI."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from attune_app.cli import main
from attune_app.services import list_reels
from attune_app.store import keys
from attune_app.store.check import check_library
from attune_app.store.damage import DamagedLibraryError
from attune_app.store.errors import LibraryError
from attune_app.store.library import DB_NAME, Library
from tests.store.encrypted_library import ALL_REELS, PAGE, PASS, copy_library
from tests.store.encrypted_library import make_encrypted_library as _make

CASES = 60
KINDS = ("flip", "cut", "zero page", "page 1 flip", "pages swapped")


def _corrupt(data: bytes, rng: random.Random, kind: str) -> bytes:
    b = bytearray(data)
    pages = len(b) // PAGE
    if kind == "flip":  # a few flipped bytes anywhere
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] ^= rng.randint(1, 255)
    elif kind == "cut":  # cut off, half the time at a page boundary
        end = rng.randrange(len(b))
        b = b[: end - end % PAGE if rng.random() < 0.5 else end]
    elif kind == "zero page":
        page = rng.randrange(pages)
        b[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)
    elif kind == "page 1 flip":  # the salt, or page 1's encrypted header and schema
        b[rng.randrange(PAGE)] ^= rng.randint(1, 255)
    else:  # two pages exchanged (a misdirected write): each HMAC covers its page number
        one, two = rng.sample(range(pages), 2)
        b[one * PAGE : (one + 1) * PAGE], b[two * PAGE : (two + 1) * PAGE] = (
            data[two * PAGE : (two + 1) * PAGE],
            data[one * PAGE : (one + 1) * PAGE],
        )
    return bytes(b)


def _use(folder: Path) -> tuple[list[str], bool]:
    with Library.open(folder, passphrase=PASS, auto_backup=False) as library:
        names = [r.name for r in list_reels(library)]
        return names, check_library(library, hash_media=False).ok


def _cli(capsys: pytest.CaptureFixture[str], folder: Path, *words: str) -> tuple[int, str]:
    code = main([*words, "--library", str(folder)])
    return code, capsys.readouterr().err


@pytest.mark.slow
def test_seeded_corruptions_of_an_encrypted_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    source = tmp_path / "source"
    _make(source)
    data = (source / DB_NAME).read_bytes()
    outcomes: Counter[tuple[str, str]] = Counter()
    failing: list[Path] = []
    for seed in range(CASES):
        rng = random.Random(seed)
        kind = KINDS[seed % len(KINDS)]
        folder = copy_library(source, tmp_path / f"case{seed}")
        damaged = _corrupt(data, rng, kind)
        (folder / DB_NAME).write_bytes(damaged)
        try:
            names, check_ok = _use(folder)
        except keys.WrongPassphraseError as error:  # pragma: no cover - the failure itself
            raise AssertionError(
                f"seed {seed} ({kind}): damage taken for a wrong passphrase"
            ) from error
        except DamagedLibraryError as error:
            assert f"The library file {folder / DB_NAME} is damaged" in str(error)
            assert error.backups, f"seed {seed}: the intact backups were not offered"
            assert (folder / DB_NAME).read_bytes() == damaged  # nothing written over it
            outcomes[kind, "refused at open"] += 1
            failing.append(folder)
            continue
        except LibraryError as error:
            assert str(folder) in str(error), f"seed {seed} ({kind}): {error}"
            outcomes[kind, "refused at open (other message)"] += 1
            failing.append(folder)
            continue
        except sqlite3.DatabaseError:
            outcomes[kind, "opened, then a read failed"] += 1
            failing.append(folder)
            continue
        if not check_ok:
            outcomes[kind, "opened, check reports damage"] += 1
        else:
            assert names == ALL_REELS, f"seed {seed} ({kind}): wrong content, check says ok"
            outcomes[kind, "opened, intact"] += 1
        shutil.rmtree(folder)
    with capsys.disabled():  # the figures for the report (`pytest -s`)
        print(f"\n{CASES} encrypted corruptions (kind, outcome: cases):")
        for (kind, outcome), count in sorted(outcomes.items()):
            print(f"  {kind:14} {outcome:32} {count}")
    refused = sum(n for (_, outcome), n in outcomes.items() if outcome == "refused at open")
    assert refused >= CASES // 2
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    for folder in failing:  # what a user of the CLI sees
        code, err = _cli(capsys, folder, "reel", "list")
        assert code == 1 and str(folder) in err and "passphrase" not in err.lower(), err
        code, err = _cli(capsys, folder, "library", "check")
        assert code == 1 and "damaged" in err, err
    for folder in failing[:3]:  # and a real process: no traceback on stderr
        run = subprocess.run(
            [sys.executable, "-m", "attune_app.cli", "library", "check", "--library", str(folder)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        assert f"The library file {folder / DB_NAME} is damaged" in run.stderr
