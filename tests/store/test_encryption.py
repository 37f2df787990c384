"""Encryption at rest: nothing readable on disk, the same frames, keys that behave."""

from __future__ import annotations

import json
import random
from pathlib import Path

import av
import numpy as np
import pytest

from attune_app.cli import main
from attune_app.media import open_video
from attune_app.media.synthetic import draw_index_frame
from attune_app.services import add_tag, ensure_local_person, list_all_clips
from attune_app.services.importing import import_clip
from attune_app.store import encryption, keys, media_crypto
from attune_app.store.encryption import MARKER
from attune_app.store.library import Library
from tests.media.media_clips import ClipSpec, write_clip

_real_checkpoint = encryption._checkpoint_plain
NOTE_MARKER = "QUOKKA-NOTE-7f3e19"
MEDIA_MARKER = "WOMBAT-MEDIA-c41d2a"
PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at 1 MiB for speed; the parameters used are read back from the key file."""
    monkeypatch.setitem(keys.DEFAULT_KDF, "memory_kib", 1024)
    monkeypatch.setitem(keys.DEFAULT_KDF, "iterations", 1)
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)


def marked_clip(folder: Path, frames: int = 40) -> Path:
    """A small H.264 clip whose container metadata carries MEDIA_MARKER in plain bytes."""
    path = folder / "visit.mp4"
    with av.open(str(path), "w") as out:
        out.metadata["comment"] = MEDIA_MARKER
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 160, 96, "yuv420p"
        stream.options = {"preset": "ultrafast", "g": "10"}
        for i in range(frames):
            image = av.VideoFrame.from_ndarray(draw_index_frame(i, 160, 96), format="rgb24")
            for packet in stream.encode(image):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    assert MEDIA_MARKER.encode() in path.read_bytes()
    return path


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def filled_library(tmp_path: Path) -> tuple[Path, Path]:
    """A plain library with a clip, a tag whose note holds NOTE_MARKER, and a backup."""
    folder = tmp_path / "library"
    source = marked_clip(tmp_path)
    with Library.open(folder, create=True) as library:
        ensure_local_person(library)
        clip = import_clip(library, source, family_ref="F-1", session_date="2026-03-01")
        add_tag(library, clip.id, in_frame=3, out_frame=9, note=NOTE_MARKER)
        library.backup(label="before-encryption")
    return folder, source


def every_byte(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def holders(folder: Path, marker: str) -> list[str]:
    needle = marker.encode()
    return sorted(name for name, data in every_byte(folder).items() if needle in data)


def test_no_plaintext_marker_anywhere_under_an_encrypted_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = filled_library(tmp_path)
    assert holders(folder, NOTE_MARKER) and holders(folder, MEDIA_MARKER)  # the test can fail
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    code, out, err = run(capsys, "library", "encrypt", "--library", str(folder))
    assert code == 0, err
    recovery = out.strip()
    assert len(recovery.replace("-", "")) == 32 and "RECOVERY KEY" in err
    # work on the encrypted library: a new tag (WAL), a backup, a second import
    with Library.open(folder) as library:
        ensure_local_person(library)
        clip = list_all_clips(library)[0]
        add_tag(library, clip.id, in_frame=10, out_frame=12, note=NOTE_MARKER + " again")
        library.backup(label="while-encrypted")
        assert holders(folder, NOTE_MARKER) == [] and holders(folder, MEDIA_MARKER) == []
        notes = [r[0] for r in library.db.execute("SELECT note FROM tags ORDER BY id")]
        assert notes == [NOTE_MARKER, NOTE_MARKER + " again"]
    assert holders(folder, NOTE_MARKER) == []
    assert holders(folder, MEDIA_MARKER) == []
    assert recovery.encode() not in b"".join(every_byte(folder).values())
    assert len(list((folder / "backups").glob("*.sqlite"))) >= 2
    assert not (folder / MARKER).exists()


def test_encrypted_reader_gives_the_plain_frames_in_any_order(tmp_path: Path) -> None:
    spec = ClipSpec("gop", frames=75, width=160, height=120, options={"g": "12", "bf": "2"})
    plain = write_clip(spec, tmp_path)
    key = bytes(range(32))
    sealed = tmp_path / "sealed.bin"
    with open(plain, "rb") as reader, open(sealed, "wb") as writer:
        # small chunks, so seeks cross chunk borders all the time
        size = plain.stat().st_size
        media_crypto.encrypt_stream(reader, writer, size, key, chunk_size=3000)
    assert sealed.read_bytes()[:8] == media_crypto.MAGIC
    order = random.Random(13).sample(range(spec.frames), spec.frames)
    backward = list(range(spec.frames - 1, -1, -1))
    with open_video(plain) as a, open_video(media_crypto.encrypted_source(sealed, key)) as b:
        assert (a.frame_count, a.size) == (b.frame_count, b.size)
        for i in order + backward:
            assert np.array_equal(a.read(i), b.read(i)), f"frame {i}"
        assert np.array_equal(a.thumbnail(40, 80, exact=True), b.thumbnail(40, 80, exact=True))


def test_reader_is_a_seekable_file(tmp_path: Path) -> None:
    data = bytes(random.Random(1).getrandbits(8) for _ in range(10_000))
    (tmp_path / "p").write_bytes(data)
    key = b"k" * 32
    with open(tmp_path / "p", "rb") as r, open(tmp_path / "e", "wb") as w:
        media_crypto.encrypt_stream(r, w, len(data), key, chunk_size=999)
    with media_crypto.EncryptedReader(tmp_path / "e", key) as f:
        assert f.readable() and f.seekable()
        assert f.read() == data and f.tell() == len(data)
        assert f.seek(-50, 2) == len(data) - 50 and f.read(100) == data[-50:]
        f.seek(1990)
        assert f.read(20) == data[1990:2010] and f.tell() == 2010
        assert f.seek(5, 1) == 2015 and f.read(0) == b""


@pytest.mark.parametrize("damage", ["flip", "truncate", "swap", "other_file"])
def test_tampered_media_is_refused_with_a_clear_message(tmp_path: Path, damage: str) -> None:
    plain = write_clip(ClipSpec("t", frames=30, width=160, height=120), tmp_path)
    key = b"m" * 32
    sealed, other = tmp_path / "a.bin", tmp_path / "b.bin"
    for target in (sealed, other):
        with open(plain, "rb") as r, open(target, "wb") as w:
            media_crypto.encrypt_stream(r, w, plain.stat().st_size, key, chunk_size=2048)
    data = bytearray(sealed.read_bytes())
    step = 2048 + media_crypto.TAG_BYTES
    first = media_crypto.HEADER_BYTES
    if damage == "flip":
        data[first + step + 7] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - step]
    elif damage == "swap":
        one, two = data[first : first + step], data[first + step : first + 2 * step]
        data[first : first + 2 * step] = two + one
    else:  # a chunk of another file under the same key
        data[first : first + step] = other.read_bytes()[first : first + step]
    sealed.write_bytes(bytes(data))
    source = media_crypto.encrypted_source(sealed, key)
    with pytest.raises(media_crypto.TamperedMediaError) as caught, open_video(source) as video:
        for i in range(video.frame_count):
            video.read(i)
    message = str(caught.value)
    assert "a.bin" in message and ("changed" in message or "cut short" in message)


def test_wrong_passphrase_is_refused_and_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = filled_library(tmp_path)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    assert run(capsys, "library", "encrypt", "--library", str(folder))[0] == 0
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "not the passphrase")
    code, out, err = run(capsys, "tags", "1", "--library", str(folder))
    assert code == 1 and out == ""
    assert "does not unlock the library" in err and "Traceback" not in err
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    with pytest.raises(keys.LockedLibraryError, match="is encrypted"):
        Library.open(folder)
    with Library.open(folder, passphrase=PASS) as library:
        actions = [
            (r[0], json.loads(r[1]))
            for r in library.db.execute("SELECT action, details FROM audit_log ORDER BY id")
        ]
    assert [a for a, _ in actions[-2:]] == ["unlock_failed", "unlock"]
    log = json.dumps(actions)
    assert PASS not in log and "not the passphrase" not in log


def test_passphrase_change_and_recovery_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = filled_library(tmp_path)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    recovery = run(capsys, "library", "encrypt", "--library", str(folder))[1].strip()
    media_before = {p.name: p.read_bytes() for p in (folder / "media").iterdir()}
    monkeypatch.setenv("ATTUNE_NEW_PASSPHRASE", "a brand new phrase")
    code, _, err = run(capsys, "library", "change-passphrase", "--library", str(folder))
    assert code == 0, err
    assert {p.name: p.read_bytes() for p in (folder / "media").iterdir()} == media_before
    with pytest.raises(keys.WrongPassphraseError):
        Library.open(folder, passphrase=PASS)
    with Library.open(folder, passphrase="a brand new phrase") as library:
        assert library.encrypted
    # forgotten passphrase: the recovery key sets a new one
    monkeypatch.setenv("ATTUNE_RECOVERY_KEY", recovery.lower().replace("-", " "))
    monkeypatch.setenv("ATTUNE_NEW_PASSPHRASE", "third time lucky")
    code, _, err = run(
        capsys, "library", "change-passphrase", "--recovery-key", "--library", str(folder)
    )
    assert code == 0, err
    with Library.open(folder, passphrase="third time lucky") as library:
        details = [
            r[0]
            for r in library.db.execute(
                "SELECT details FROM audit_log WHERE action = ?", ["change_passphrase"]
            )
        ]
    assert details == ['{"via":"passphrase"}', '{"via":"recovery key"}']
    assert keys.unlock_with_recovery(folder, recovery) == keys.unlock(folder, "third time lucky")


def test_decrypt_gives_back_the_plain_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, source = filled_library(tmp_path)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    assert run(capsys, "library", "encrypt", "--library", str(folder))[0] == 0
    code, _, err = run(capsys, "library", "decrypt", "--library", str(folder))
    assert code == 0, err
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    assert not keys.is_encrypted(folder)
    with Library.open(folder) as library:
        clip = list_all_clips(library)[0]
        assert library.media_path(clip).read_bytes() == source.read_bytes()
        assert not library.media_file_differs(
            library.media_path(clip), clip.size_bytes, clip.media_hash
        )
    assert holders(folder, NOTE_MARKER)  # readable again, as a plain library is


def test_an_interrupted_encryption_is_refused_then_finished(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = filled_library(tmp_path)

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(encryption, "_checkpoint_plain", crash)  # after media and backups
    with pytest.raises(KeyboardInterrupt):
        encryption.encrypt_library(folder, PASS)
    monkeypatch.setattr(encryption, "_checkpoint_plain", _real_checkpoint)
    with pytest.raises(encryption.ConversionInterruptedError, match="library encrypt"):
        Library.open(folder)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "some other phrase")
    code, _, err = run(capsys, "library", "encrypt", "--library", str(folder))
    assert code == 1 and "interrupted" in err
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    code, _, err = run(capsys, "library", "encrypt", "--library", str(folder))
    assert code == 0, err
    with Library.open(folder) as library:
        clip = list_all_clips(library)[0]
        with open_video(library.media_source(clip)) as video:
            assert video.frame_count == 40
    assert holders(folder, NOTE_MARKER) == [] and holders(folder, MEDIA_MARKER) == []


def test_erasure_reaches_into_encrypted_backups_and_check_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attune_app.services.erasure import erase_family
    from attune_app.services.library_encryption import encrypt_library
    from attune_app.store.backup import list_backups, raw_connect
    from attune_app.store.check import check_library

    folder, _ = filled_library(tmp_path)
    encrypt_library(folder, PASS)
    with Library.open(folder, passphrase=PASS) as library:
        ensure_local_person(library)
        key = library.database_key
        assert key is not None
        report = erase_family(library, "F-1", confirm="F-1")
        assert report.rows["clips"] == 1 and report.backups["rewritten"] >= 1
        checked = check_library(library)
        assert checked.ok, checked.problems
        backups = list_backups(library.backups_dir)
    assert backups
    for info in backups:
        conn = raw_connect(info.path, key, read_only=True)
        try:
            assert conn.execute("SELECT count(*) FROM families").fetchone()[0] == 0
            notes = conn.execute("SELECT count(*) FROM tags WHERE instr(note, ?)", [NOTE_MARKER])
            assert notes.fetchone()[0] == 0
        finally:
            conn.close()
    assert list((folder / "media").iterdir()) == []


def test_plain_library_check_and_media_checks_are_unchanged(tmp_path: Path) -> None:
    from attune_app.store.check import check_library

    folder, source = filled_library(tmp_path)
    with Library.open(folder) as library:
        assert not library.encrypted and library.database_key is None
        clip = list_all_clips(library)[0]
        assert library.media_source(clip) == library.media_path(clip)
        assert library.media_path(clip).read_bytes() == source.read_bytes()
        assert check_library(library).ok
    assert not (folder / keys.KEY_FILE).exists()


def test_case_bundles_carry_the_clip_and_arrive_encrypted(tmp_path: Path) -> None:
    from attune_app.services import record_consent
    from attune_app.services.bundle_format import read_bundle
    from attune_app.services.bundles import export_bundle, import_bundle
    from attune_app.services.library_encryption import encrypt_library
    from attune_app.services.people import act_as
    from attune_app.services.permissions import register_person
    from tests.services.fake_clips import add_fake_clip

    content = b"a practitioner's clip " + MEDIA_MARKER.encode()
    folders = {name: tmp_path / name for name in ("pat", "sam")}
    for name, profile in (("pat", "practitioner"), ("sam", "supervisor")):
        with Library.open(folders[name], create=True, auto_backup=False) as library:
            register_person(library, name, profile)
            if name == "pat":
                act_as(library, name)
                clip = add_fake_clip(library, content=content)
                record_consent(library, 1, "supervision", given_on="2026-01-01")
        encrypt_library(folders[name], PASS, actor=name)
    with Library.open(folders["pat"], passphrase=PASS, auto_backup=False) as pat:
        act_as(pat, "pat")
        export_bundle(pat, clip.session_id, tmp_path / "case.attune")
    [(_, carried)] = read_bundle(tmp_path / "case.attune", None).media.items()
    assert carried == content  # the clip itself, not the sender's ciphertext
    with Library.open(folders["sam"], passphrase=PASS, auto_backup=False) as sam:
        act_as(sam, "sam")
        assert import_bundle(sam, tmp_path / "case.attune").media_added == 1
        [path] = list(sam.media_dir.iterdir())
        assert media_crypto.DecryptedFile(path, sam.data_key.media_key).read_bytes() == content
    assert holders(folders["sam"], MEDIA_MARKER) == []


def test_info_says_whether_encrypted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    assert run(capsys, "library", "init", "--library", str(folder))[0] == 0
    assert "encrypted: no" in run(capsys, "library", "info", "--library", str(folder))[1]
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASS)
    assert run(capsys, "library", "encrypt", "--library", str(folder))[0] == 0
    assert "encrypted: yes" in run(capsys, "library", "info", "--library", str(folder))[1]
    code, _, err = run(capsys, "library", "encrypt", "--library", str(folder))
    assert code == 1 and "encrypted already" in err
