"""The `.attune` case bundle as a file: a zip of `manifest.json` (SHA-256 of every other
member), `rows.json` and `media/<hash><ext>`; optionally the whole zip sealed with a passphrase
(scrypt key, AES-256-GCM, so any change to the sealed file is detected).

Reading checks everything before the caller changes anything: a damaged, truncated or altered
bundle raises `BundleError` saying what is wrong."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from attune_app.store.errors import LibraryError
from attune_app.store.files import atomic_write_bytes


class ReadsBytes(Protocol):
    """A clip's content (an encrypted library's file, decrypted in memory)."""

    def read_bytes(self) -> bytes: ...


FORMAT = 1
KIND = "attune-case-bundle"
SEALED_MAGIC = b"ATTUNE-BUNDLE-AESGCM-SCRYPT-1\n"
_SALT_BYTES, _NONCE_BYTES = 16, 12
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1


class BundleError(LibraryError):
    """A bundle that cannot be trusted or read; nothing was changed."""


@dataclass(frozen=True)
class BundleContents:
    rows: dict[str, Any]
    media: dict[str, bytes]  # "<hash><ext>" -> bytes, each already checked against its hash


def write_bundle(
    target: Path,
    rows: dict[str, Any],
    media: Mapping[str, Path | ReadsBytes],
    passphrase: str | None,
) -> None:
    """`media`: file name in the bundle ("<hash><ext>") -> the library's file."""
    buffer = io.BytesIO()
    files: dict[str, str] = {}
    with zipfile.ZipFile(buffer, "w") as archive:
        data = json.dumps(rows, sort_keys=True, ensure_ascii=False).encode("utf-8")
        archive.writestr("rows.json", data, compress_type=zipfile.ZIP_DEFLATED)
        files["rows.json"] = hashlib.sha256(data).hexdigest()
        for name, path in sorted(media.items()):
            content = path.read_bytes()
            archive.writestr(f"media/{name}", content, compress_type=zipfile.ZIP_STORED)
            files[f"media/{name}"] = hashlib.sha256(content).hexdigest()
        manifest = {"format": FORMAT, "kind": KIND, "files": files}
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    payload = buffer.getvalue()
    if passphrase:
        payload = _seal(payload, passphrase)
    atomic_write_bytes(Path(target), payload)


def is_sealed(path: Path) -> bool:
    with Path(path).open("rb") as source:
        return source.read(len(SEALED_MAGIC)) == SEALED_MAGIC


def read_bundle(path: Path, passphrase: str | None) -> BundleContents:
    path = Path(path)
    try:
        payload = path.read_bytes()
    except OSError as error:
        raise BundleError(f"{path} cannot be read ({error.strerror}).") from error
    if payload.startswith(SEALED_MAGIC):
        if not passphrase:
            raise BundleError(
                f"{path.name} is encrypted; give its passphrase (ATTUNE_BUNDLE_PASSPHRASE, or "
                "type it when asked). Nothing was changed."
            )
        payload = _open_sealed(payload, passphrase, path.name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile as error:
        raise BundleError(
            f"{path.name} is not a complete Attune bundle (damaged or cut short); nothing was "
            "changed. Ask for the bundle to be sent again."
        ) from error
    with archive:
        return _checked(archive, path.name)


def _checked(archive: zipfile.ZipFile, name: str) -> BundleContents:
    def refuse(why: str) -> BundleError:
        return BundleError(
            f"{name} was refused: {why}. It is damaged or was changed after it was made; "
            "nothing was changed. Ask for the bundle to be sent again."
        )

    try:
        manifest = json.loads(archive.read("manifest.json"))
        files: dict[str, str] = manifest["files"]
        if manifest.get("kind") != KIND:
            raise refuse("it is not an Attune case bundle")
        if int(manifest.get("format", 0)) > FORMAT:
            raise BundleError(f"{name} was made by a newer Attune; update Attune to import it.")
        members = set(archive.namelist()) - {"manifest.json"}
        if members != set(files):
            extra = sorted(members ^ set(files))
            raise refuse(f"its contents do not match its manifest ({', '.join(extra[:3])})")
        content: dict[str, bytes] = {}
        for member, digest in files.items():
            data = archive.read(member)
            if hashlib.sha256(data).hexdigest() != digest:
                raise refuse(f"{member} does not match its SHA-256 in the manifest")
            content[member] = data
    except (KeyError, ValueError, zipfile.BadZipFile, TypeError) as error:
        raise refuse(f"its manifest cannot be read ({error})") from error
    media = {}
    for member, data in content.items():
        if member.startswith("media/"):
            file_name = member.removeprefix("media/")
            if not file_name.startswith(hashlib.sha256(data).hexdigest()):
                raise refuse(f"{member} is not the clip its name says")
            media[file_name] = data
    try:
        rows = json.loads(content["rows.json"])
    except (KeyError, ValueError) as error:
        raise refuse("it holds no readable records") from error
    return BundleContents(rows, media)


def _key(passphrase: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return kdf.derive(passphrase.encode("utf-8"))


def _seal(payload: bytes, passphrase: str) -> bytes:
    salt, nonce = os.urandom(_SALT_BYTES), os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, payload, SEALED_MAGIC)
    return SEALED_MAGIC + salt + nonce + sealed


def _open_sealed(payload: bytes, passphrase: str, name: str) -> bytes:
    head = len(SEALED_MAGIC)
    salt = payload[head : head + _SALT_BYTES]
    nonce = payload[head + _SALT_BYTES : head + _SALT_BYTES + _NONCE_BYTES]
    sealed = payload[head + _SALT_BYTES + _NONCE_BYTES :]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, SEALED_MAGIC)
    except (InvalidTag, ValueError) as error:
        raise BundleError(
            f"{name} cannot be opened: the passphrase is wrong, or the file was damaged or "
            "changed. Nothing was changed."
        ) from error
