"""Media files of an encrypted library: AES-256-GCM in fixed-size chunks, read in place.

Layout: a 36-byte header (magic, 16-byte random file id, chunk size, plaintext size), then
chunk i = AES-GCM(ciphertext of up to `chunk_size` bytes + 16-byte tag). Each file has its own
key, HKDF(media key, salt = file id); chunk i's nonce is the file id's first 4 bytes and i
(8 bytes); its associated data is the header, i and the number of chunks. So a changed byte,
a chunk moved, swapped in from another file or dropped from the end, or an edited header is
refused (`TamperedMediaError`), never decoded.

`EncryptedReader` is a seekable, read-only file object over one such file that decrypts the
chunks a read touches (keeping the last few), so PyAV decodes straight from it (`av.open(f)`):
no decrypted copy is ever written.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import struct
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from attune_app.store.errors import LibraryError
from attune_app.store.files import PRIVATE_FILE_MODE, atomic_output

MAGIC = b"ATNMED01"
_HEADER = struct.Struct(">8s16sIQ")  # magic, file id, chunk size, plaintext size
HEADER_BYTES = _HEADER.size
TAG_BYTES = 16
CHUNK_BYTES = 2**20
_KEPT_CHUNKS = 4  # a seek backwards to the previous keyframe usually lands in one of these


class TamperedMediaError(LibraryError):
    """An encrypted media file was changed, cut short or is not one of this library's."""


@dataclass(frozen=True)
class Header:
    file_id: bytes
    chunk_size: int
    plain_size: int
    raw: bytes

    @property
    def chunk_count(self) -> int:
        return max(1, -(-self.plain_size // self.chunk_size))

    def stored_size(self) -> int:
        return HEADER_BYTES + self.plain_size + self.chunk_count * TAG_BYTES

    def chunk_offset(self, index: int) -> int:
        return HEADER_BYTES + index * (self.chunk_size + TAG_BYTES)

    def chunk_plain_len(self, index: int) -> int:
        return min(self.chunk_size, self.plain_size - index * self.chunk_size)

    def nonce(self, index: int) -> bytes:
        return self.file_id[:4] + index.to_bytes(8, "big")

    def associated(self, index: int) -> bytes:
        return self.raw + index.to_bytes(8, "big") + self.chunk_count.to_bytes(8, "big")


def is_encrypted_media(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _file_cipher(media_key: bytes, file_id: bytes) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=file_id, info=b"attune media file v1"
    ).derive(media_key)
    return AESGCM(key)


def read_header(f: BinaryIO, name: str) -> Header:
    raw = f.read(HEADER_BYTES)
    if len(raw) < HEADER_BYTES or raw[: len(MAGIC)] != MAGIC:
        raise TamperedMediaError(
            f"{name} is not an encrypted Attune media file (its header is missing or changed)."
        )
    _magic, file_id, chunk_size, plain_size = _HEADER.unpack(raw)
    if chunk_size <= 0 or chunk_size > 64 * 2**20:
        raise TamperedMediaError(f"{name}: its header was changed; it cannot be decrypted.")
    return Header(file_id, chunk_size, plain_size, raw)


# -- writing ----------------------------------------------------------------------------------


def encrypt_stream(
    reader: BinaryIO,
    writer: BinaryIO,
    plain_size: int,
    media_key: bytes,
    *,
    chunk_size: int = CHUNK_BYTES,
    on_plain: Callable[[bytes], None] | None = None,
) -> None:
    """Encrypt exactly `plain_size` bytes from `reader` into `writer` (a new file id)."""
    file_id = secrets.token_bytes(16)
    raw = _HEADER.pack(MAGIC, file_id, chunk_size, plain_size)
    header = Header(file_id, chunk_size, plain_size, raw)
    cipher = _file_cipher(media_key, file_id)
    writer.write(raw)
    for index in range(header.chunk_count):
        plain = reader.read(header.chunk_plain_len(index))
        if len(plain) != header.chunk_plain_len(index):
            raise OSError(f"the file changed size while it was being encrypted ({reader})")
        if on_plain is not None:
            on_plain(plain)
        writer.write(cipher.encrypt(header.nonce(index), plain, header.associated(index)))


def encrypt_file(source: Path, target: Path, media_key: bytes) -> None:
    """Write `source` encrypted to the new private file `target` (fsynced)."""
    size = source.stat().st_size
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    with open(source, "rb") as reader, os.fdopen(fd, "wb") as writer:
        encrypt_stream(reader, writer, size, media_key)
        writer.flush()
        os.fsync(writer.fileno())


def copy_encrypting(
    source: Path,
    target: Path,
    media_key: bytes,
    *,
    progress: Callable[[float], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> str:
    """`files.copy_hashing` for an encrypted library: hash the plaintext, write it encrypted."""
    digest = hashlib.sha256()
    total = source.stat().st_size
    done = 0

    def seen(plain: bytes) -> None:
        nonlocal done
        if is_cancelled is not None and is_cancelled():
            raise InterruptedError(f"Import of {source.name} was cancelled.")
        digest.update(plain)
        done += len(plain)
        if progress is not None:
            progress(min(done / max(total, 1), 1.0))

    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    with open(source, "rb") as reader, os.fdopen(fd, "wb") as writer:
        encrypt_stream(reader, writer, total, media_key, on_plain=seen)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def decrypt_file(source: Path, target: Path, media_key: bytes) -> None:
    """Write the plaintext of the encrypted `source` to the new private file `target`."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    with EncryptedReader(source, media_key) as reader, os.fdopen(fd, "wb") as writer:
        while block := reader.read(CHUNK_BYTES):
            writer.write(block)
        writer.flush()
        os.fsync(writer.fileno())


# -- reading ----------------------------------------------------------------------------------


class EncryptedReader(io.RawIOBase):
    """A read-only, seekable file object of the plaintext of one encrypted media file."""

    def __init__(self, path: Path | str, media_key: bytes) -> None:
        super().__init__()
        self.name = os.fspath(path)
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        try:
            self._header = read_header(self._file, self.name)
            if os.fstat(self._file.fileno()).st_size != self._header.stored_size():
                raise TamperedMediaError(
                    f"{self.name} was cut short or extended after it was encrypted; it cannot "
                    "be shown. Restore the file from a copy of the library."
                )
        except BaseException:
            self._file.close()
            raise
        self._cipher = _file_cipher(media_key, self._header.file_id)
        self._chunks: OrderedDict[int, bytes] = OrderedDict()
        self._pos = 0

    @property
    def plain_size(self) -> int:
        return self._header.plain_size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        elif whence == io.SEEK_END:
            pos = self._header.plain_size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if pos < 0:
            raise ValueError("negative seek position")
        self._pos = pos
        return pos

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        end = self._header.plain_size
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        if self._pos >= end:
            return b""
        parts = []
        chunk_size = self._header.chunk_size
        while self._pos < end:
            index, start = divmod(self._pos, chunk_size)
            plain = self._chunk(index)
            take = plain[start : start + end - self._pos]
            parts.append(take)
            self._pos += len(take)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def readall(self) -> bytes:
        return self.read(-1)

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self._chunks.clear()
        super().close()

    def _chunk(self, index: int) -> bytes:
        kept = self._chunks.get(index)
        if kept is not None:
            self._chunks.move_to_end(index)
            return kept
        header = self._header
        self._file.seek(header.chunk_offset(index))
        sealed = self._file.read(header.chunk_plain_len(index) + TAG_BYTES)
        try:
            plain = self._cipher.decrypt(header.nonce(index), sealed, header.associated(index))
        except InvalidTag:
            raise TamperedMediaError(
                f"{self.name}: part {index + 1} of {header.chunk_count} was changed or replaced "
                "after it was encrypted, so it is refused rather than shown. Restore the file "
                "from a copy of the library."
            ) from None
        self._chunks[index] = plain
        if len(self._chunks) > _KEPT_CHUNKS:
            self._chunks.popitem(last=False)
        return plain


def plain_size(path: Path, media_key: bytes) -> int:
    with EncryptedReader(path, media_key) as reader:
        return reader.plain_size


def plain_hash(path: Path, media_key: bytes) -> str:
    """SHA-256 of the decrypted content (what `media_hash` names); checks every chunk."""
    digest = hashlib.sha256()
    with EncryptedReader(path, media_key) as reader:
        while block := reader.read(CHUNK_BYTES):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class DecryptedFile:
    """`read_bytes()` of an encrypted media file's content, in memory (for a case bundle)."""

    path: Path
    media_key: bytes

    def read_bytes(self) -> bytes:
        with EncryptedReader(self.path, self.media_key) as reader:
            return reader.read()


def write_encrypted_bytes(target: Path, data: bytes, media_key: bytes) -> None:
    """`files.atomic_write_bytes` for an encrypted library's media file."""
    with atomic_output(target) as temp, open(temp, "wb") as writer:
        encrypt_stream(io.BytesIO(data), writer, len(data), media_key)


@dataclass(frozen=True)
class EncryptedSource:
    """What the media engine opens for a clip of an encrypted library (its `MediaSource`)."""

    path: Path
    media_key: bytes

    @property
    def name(self) -> str:
        return str(self.path)

    def size(self) -> int:
        with open(self.path, "rb") as f:
            return read_header(f, self.name).plain_size

    def open(self) -> BinaryIO:
        return EncryptedReader(self.path, self.media_key)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"EncryptedSource({self.path.name})"


def encrypted_source(path: Path, media_key: bytes) -> EncryptedSource:
    return EncryptedSource(Path(path), media_key)
