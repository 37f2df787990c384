"""The key file of an encrypted library: one random data key, wrapped twice.

`library.key` (JSON, versioned) holds the data key wrapped (AES-256-GCM) by a key derived from
the passphrase with Argon2id (its memory, iterations, lanes and salt stored beside it), and
wrapped again by the recovery key shown once when the library is encrypted. Changing the
passphrase re-wraps the data key; nothing else is re-encrypted. The file holds no secret in
the clear: without the passphrase or the recovery key it is noise.

The data key never touches the disk. Two keys are derived from it (HKDF-SHA256): the raw
SQLCipher key of the database and the media key (see `media_crypto`).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from attune_app.store.errors import LibraryError
from attune_app.store.files import atomic_write_text, make_private_file

KEY_FILE = "library.key"
PASSPHRASE_ENV = "ATTUNE_PASSPHRASE"
FORMAT = "attune-library-key"
VERSION = 1
MIN_PASSPHRASE_CHARS = 8

# OWASP's second Argon2id profile (64 MiB, 3 passes, 4 lanes): ~0.3 s on a laptop core.
# Tests lower this through `DEFAULT_KDF` (the parameters used are stored in the key file).
DEFAULT_KDF: dict[str, int] = {"memory_kib": 65536, "iterations": 3, "lanes": 4}
_AD_PASSPHRASE = b"attune library key v1: passphrase"
_AD_RECOVERY = b"attune library key v1: recovery"
_RECOVERY_BYTES = 20  # 160 bits, shown as 32 base32 letters in groups of four


class LockedLibraryError(LibraryError):
    """The library is encrypted and no passphrase was given (`folder`: which library)."""

    def __init__(self, message: str, folder: Path | None = None) -> None:
        super().__init__(message)
        self.folder = folder


class WrongPassphraseError(LibraryError):
    """The passphrase (or recovery key) does not unlock this library."""


class KeyFileError(LibraryError):
    """The key file is missing, damaged or of an unknown version."""


@dataclass(frozen=True)
class DataKey:
    """The unwrapped data key of an open encrypted library (kept in memory only)."""

    secret: bytes
    via: str = field(default="passphrase", compare=False)  # for the audit: how it was unlocked

    def derive(self, purpose: str) -> bytes:
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=f"attune {purpose}".encode()
        ).derive(self.secret)

    @property
    def database_key(self) -> bytes:
        return self.derive("sqlcipher database v1")

    @property
    def media_key(self) -> bytes:
        return self.derive("media chunks v1")

    def __repr__(self) -> str:  # never print the secret
        return "DataKey(<hidden>)"


def key_file_path(folder: Path) -> Path:
    return Path(folder) / KEY_FILE


def is_encrypted(folder: Path) -> bool:
    return key_file_path(folder).is_file()


def new_key_file(folder: Path, passphrase: str) -> tuple[DataKey, str, dict[str, Any]]:
    """A fresh data key, its wrapped form (not yet written) and the recovery key to show."""
    check_new_passphrase(passphrase)
    key = DataKey(secrets.token_bytes(32))
    recovery = _format_recovery(secrets.token_bytes(_RECOVERY_BYTES))
    content = {
        "format": FORMAT,
        "version": VERSION,
        "cipher": "AES-256-GCM",
        "passphrase": _wrap_with_passphrase(key, passphrase),
        "recovery": _wrap(key, _recovery_kek(recovery), _AD_RECOVERY),
    }
    return key, recovery, content


def write_key_file(folder: Path, content: dict[str, Any]) -> None:
    path = key_file_path(folder)
    atomic_write_text(path, json.dumps(content, indent=1, sort_keys=True) + "\n")
    make_private_file(path)


def read_key_file(folder: Path) -> dict[str, Any]:
    path = key_file_path(folder)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise KeyFileError(f"The library {folder} has no key file ({KEY_FILE}).") from error
    except (OSError, ValueError) as error:
        raise KeyFileError(
            f"The key file {path} cannot be read ({error}); the library cannot be unlocked "
            "without it. Restore the file from a copy of the library folder."
        ) from error
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise KeyFileError(f"{path} is not an Attune key file.")
    if content.get("version") != VERSION:
        raise KeyFileError(
            f"The key file {path} is of version {content.get('version')}, which this Attune "
            "does not know. Update Attune to open this library."
        )
    for name in ("passphrase", "recovery"):
        problem = _entry_problem(content.get(name), with_kdf=name == "passphrase")
        if problem is not None:
            raise KeyFileError(
                f"The key file {path} is damaged ({name} entry: {problem}); the library cannot "
                "be unlocked without it. Restore library.key from a copy of the library folder "
                "(this is not a wrong passphrase)."
            )
    return content


def _entry_problem(entry: object, *, with_kdf: bool) -> str | None:
    """What is malformed in a wrapped-key entry (so that damage to the key file is never
    reported as a wrong passphrase, nor raised as a bare error). A changed byte inside the
    wrapped key itself cannot be told from a wrong passphrase: the GCM tag fails either way."""
    if not isinstance(entry, dict):
        return "missing"
    sizes = {"nonce": 12, "wrapped": 32 + 16}  # AES-GCM: 96-bit nonce; the key and its tag
    for field_name, size in sizes.items():
        if len(_b64_or_empty(entry.get(field_name))) != size:
            return f"{field_name} is not {size} bytes"
    if not with_kdf:
        return None
    kdf = entry.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        return "unknown key derivation"
    memory, iterations, lanes = (kdf.get(k) for k in ("memory_kib", "iterations", "lanes"))
    if not (isinstance(memory, int) and isinstance(iterations, int) and isinstance(lanes, int)):
        return "key derivation parameters"
    if min(iterations, lanes) < 1 or memory < 8 * lanes:  # Argon2id's own bounds
        return "key derivation parameters"
    if len(_b64_or_empty(kdf.get("salt"))) < 8:
        return "salt"
    return None


def _b64_or_empty(value: object) -> bytes:
    if not isinstance(value, str):
        return b""
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        return b""


def unlock(folder: Path, passphrase: str) -> DataKey:
    """The data key, from the passphrase; raises WrongPassphraseError."""
    content = read_key_file(folder)
    entry = content["passphrase"]
    kek = _passphrase_kek(passphrase, entry["kdf"])
    return _unwrap(entry, kek, _AD_PASSPHRASE, folder, what="passphrase")


def unlock_with_recovery(folder: Path, recovery: str) -> DataKey:
    content = read_key_file(folder)
    kek = _recovery_kek(recovery)
    key = _unwrap(content["recovery"], kek, _AD_RECOVERY, folder, what="recovery key")
    return DataKey(key.secret, via="recovery key")


def rewrap(folder: Path, key: DataKey, new_passphrase: str) -> None:
    """Wrap the data key with a new passphrase (the recovery wrap is kept)."""
    check_new_passphrase(new_passphrase)
    content = read_key_file(folder)
    content["passphrase"] = _wrap_with_passphrase(key, new_passphrase)
    write_key_file(folder, content)


def passphrase_from_env() -> str | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value if value else None


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise LibraryError(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters "
            "(a few unrelated words are easy to remember and hard to guess)."
        )


# -- internals --------------------------------------------------------------------------------


def _wrap_with_passphrase(key: DataKey, passphrase: str) -> dict[str, Any]:
    kdf = {"name": "argon2id", **DEFAULT_KDF, "salt": _b64(secrets.token_bytes(16))}
    return {"kdf": kdf, **_wrap(key, _passphrase_kek(passphrase, kdf), _AD_PASSPHRASE)}


def _passphrase_kek(passphrase: str, kdf: dict[str, Any]) -> bytes:
    if kdf.get("name") != "argon2id":
        raise KeyFileError(f"The key file names an unknown key derivation ({kdf.get('name')}).")
    return Argon2id(
        salt=base64.b64decode(kdf["salt"]),
        length=32,
        iterations=int(kdf["iterations"]),
        lanes=int(kdf["lanes"]),
        memory_cost=int(kdf["memory_kib"]),
    ).derive(passphrase.encode("utf-8"))


def _recovery_kek(recovery: str) -> bytes:
    """The recovery key is 160 random bits: a fast KDF is enough."""
    letters = "".join(ch for ch in recovery.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(letters)
    except ValueError:
        raw = b""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"attune recovery key v1"
    ).derive(raw or b"\0")


def _format_recovery(raw: bytes) -> str:
    letters = base64.b32encode(raw).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def _wrap(key: DataKey, kek: bytes, ad: bytes) -> dict[str, Any]:
    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, key.secret, ad))}


def _unwrap(entry: dict[str, Any], kek: bytes, ad: bytes, folder: Path, *, what: str) -> DataKey:
    try:
        secret = AESGCM(kek).decrypt(
            base64.b64decode(entry["nonce"]), base64.b64decode(entry["wrapped"]), ad
        )
    except InvalidTag:
        raise WrongPassphraseError(
            f"That {what} does not unlock the library {folder}. Check it (capitals, spaces "
            "and keyboard layout count) and try again; the recovery key also unlocks it."
        ) from None
    return DataKey(secret)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
