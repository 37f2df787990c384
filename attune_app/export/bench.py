"""Export benchmark: `python -m attune_app.export.bench [--quality Q] [--keep DIR]`.

A 10-item x 3 s reel cut (items starting mid-GOP) from a 720x576 25 fps clip and from a
1080p30 phone-bitrate clip, exported by Attune (captions none and burned) and by one ffmpeg
command line doing the same job (10 inputs with accurate seeking, the concat filter, the same
x264 preset and CRF, AAC 128k). Every output is checked frame by frame (each frame carries its
source index). Prints wall time, realtime factor and the ratio to ffmpeg side by side.

`--anonymised` adds the anonymised export of a 10-item reel (faces detected and tracked by
the library's own detection, covered by `redaction_for`) beside the plain export of the same
reel, on a 720x576 clip with a photo face moving, turning and leaving the frame.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from attune_app.domain.models import Reel, ReelItem
from attune_app.domain.reel_timeline import build_timeline
from attune_app.export.output_plan import QUALITY_PRESETS, ExportSettings
from attune_app.export.renderer import render_reel
from attune_app.export.sources import ClipMedia
from attune_app.media import open_video
from attune_app.media.synthetic import draw_index_frame, read_frame_index

ITEMS = 10
ITEM_S = 3


@dataclass(frozen=True)
class BenchClip:
    name: str
    width: int
    height: int
    fps: int
    bitrate: str
    gop: int

    @property
    def seconds(self) -> int:
        return ITEMS * (ITEM_S + 1) + 2

    def item_starts(self) -> list[int]:
        """First frame of each item: 1 s apart, each starting mid-GOP."""
        return [(i * (ITEM_S + 1) + 1) * self.fps + self.gop // 2 + 3 * i % 5 for i in range(ITEMS)]


CLIPS = (
    BenchClip("pal-720x576-25", 720, 576, 25, "5M", 25),
    BenchClip("phone-1080p30", 1920, 1080, 30, "16M", 30),
)


def make_clip(clip: BenchClip, folder: Path) -> Path:
    """The clip (made once, kept in `folder`): index frames, a 440 Hz tone, no B-frames."""
    frames = (draw_index_frame(i, clip.width, clip.height) for i in range(clip.seconds * clip.fps))
    return _encode_clip(clip, folder / f"{clip.name}.mp4", frames)


def _encode_clip(clip: BenchClip, path: Path, frames: Iterable[npt.NDArray[np.uint8]]) -> Path:
    """`frames` as the bench's H.264 + AAC clip at `path` (kept when it is already there)."""
    if path.exists():
        return path
    cmd = [
        "ffmpeg", "-v", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{clip.width}x{clip.height}",
        "-r", str(clip.fps), "-i", "pipe:0",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={clip.seconds}",
        "-c:v", "libx264", "-preset", "veryfast", "-b:v", clip.bitrate, "-maxrate", clip.bitrate,
        "-bufsize", clip.bitrate, "-g", str(clip.gop), "-bf", "0", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", "-shortest", str(path.with_suffix(".part.mp4")),
    ]  # fmt: skip
    with subprocess.Popen(cmd, stdin=subprocess.PIPE) as encoder:
        assert encoder.stdin is not None
        for frame in frames:
            encoder.stdin.write(frame.tobytes())
        encoder.stdin.close()
    path.with_suffix(".part.mp4").rename(path)
    return path


def ours(clip: BenchClip, source: Path, out: Path, *, quality: str, captions: bool) -> float:
    reel = Reel(1, "Bench", "training", None, "2026-01-01", 0.5)
    items = [
        ReelItem(
            id=n + 1,
            reel_id=1,
            position=n,
            clip_id=1,
            in_frame=start,
            out_frame=start + ITEM_S * clip.fps - 1,
            caption=f"Moment {n + 1}: she looks up and he answers her" if captions else "",
        )
        for n, start in enumerate(clip.item_starts())
    ]
    settings = ExportSettings(quality=quality, captions="burn" if captions else "none")
    began = time.perf_counter()
    render_reel(build_timeline(reel, items), {1: ClipMedia(source, "bench")}, out, settings)
    return time.perf_counter() - began


def ffmpeg_cli(clip: BenchClip, source: Path, out: Path, *, quality: str) -> float:
    preset, crf = QUALITY_PRESETS[quality]
    inputs: list[str] = []
    for start in clip.item_starts():
        inputs += ["-ss", f"{start / clip.fps:.6f}", "-t", str(ITEM_S), "-i", str(source)]
    pads = "".join(f"[{n}:v][{n}:a]" for n in range(ITEMS))
    cmd = [
        "ffmpeg", "-v", "error", "-y", *inputs,
        "-filter_complex", f"{pads}concat=n={ITEMS}:v=1:a=1[v][a]", "-map", "[v]", "-map", "[a]",
        "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p",
        "-profile:v", "high", "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
        "-movflags", "+faststart", str(out),
    ]  # fmt: skip
    began = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - began


FACE_CLIP = BenchClip("faces-720x576-25", 720, 576, 25, "5M", 25)
_BAND_ROWS = 232  # the index band's rows (synthetic._BAND_FRACTION of 576, even)


def make_face_clip(clip: BenchClip, folder: Path) -> Path:
    """Index frames whose lower part shows a photo face crossing the frame (face_samples)."""
    from attune_app.anonymise.face_samples import moving_face_frames, photo_faces

    path = folder / f"{clip.name}.mp4"
    if path.exists():
        return path
    count = clip.seconds * clip.fps
    faces = moving_face_frames(
        photo_faces()[0], count, clip.width, clip.height - _BAND_ROWS, scale=1.2
    )

    def frames() -> Iterator[npt.NDArray[np.uint8]]:
        for i, (face, _box) in enumerate(faces):
            frame = draw_index_frame(i, clip.width, clip.height)
            frame[_BAND_ROWS:] = face
            yield frame

    return _encode_clip(clip, path, frames())


def anonymised_vs_plain(folder: Path, *, quality: str, runs: int) -> None:
    """The anonymised export of a 10-item training reel vs its plain export, same run."""
    from attune_app import services
    from attune_app.anonymise.detection import detect_reel
    from attune_app.anonymise.reel_redaction import redaction_for
    from attune_app.services.reels import reel_timeline
    from attune_app.store.library import Library

    clip = FACE_CLIP
    source = make_face_clip(clip, folder)
    where = Path(tempfile.mkdtemp(prefix="anon-library-", dir=folder)) / "library"
    with Library.open(where, create=True, auto_backup=False) as library:
        services.ensure_local_person(library)
        imported = services.import_clip(library, source, family_ref="B-1", session_date=None)
        family_id = library.db.execute(
            "SELECT family_id FROM sessions WHERE id = ?", [imported.session_id]
        ).fetchone()[0]
        services.record_consent(library, family_id, "training", given_on="2026-01-01")
        reel = services.create_reel(library, "Bench", "training")
        for start in clip.item_starts():
            services.add_range_to_reel(
                library, reel.id, imported.id, start, start + ITEM_S * clip.fps - 1
            )
        began = time.perf_counter()
        found = detect_reel(library, reel.id)
        detect_s = time.perf_counter() - began
        redaction = redaction_for(library, reel.id)
        timeline = reel_timeline(library, reel.id)
        media = {imported.id: ClipMedia(library.media_path(imported), "bench")}
    covered = sum(
        bool(redaction.rects_at(imported.id, f))
        for s in clip.item_starts()
        for f in range(s, s + ITEM_S * clip.fps)
    )
    settings = ExportSettings(quality=quality, captions="none")
    jobs = {"plain": None, "anonymised": redaction}
    walls: dict[str, list[float]] = {job: [] for job in jobs}
    for _round in range(max(1, runs)):
        for job, redact in jobs.items():
            began = time.perf_counter()
            render_reel(timeline, media, _out(folder, clip, job), settings, redaction=redact)
            walls[job].append(time.perf_counter() - began)
    shutil.rmtree(where.parent, ignore_errors=True)
    print(
        f"{clip.name}: {len(redaction.state.tracks)} face tracks detected in {detect_s:.1f} s"
        f" ({found.frames_scanned} frames scanned);"
        f" {covered} of {ITEMS * ITEM_S * clip.fps} frames covered"
    )
    base = min(walls["plain"])
    for job, times in walls.items():
        check = frame_exact(clip, _out(folder, clip, job))
        print(
            f"{clip.name:16} {job:18} {min(times):7.2f} {max(times):7.2f} "
            f"{min(times) / base:8.2f}x  {check}",
            flush=True,
        )


def frame_exact(clip: BenchClip, path: Path) -> str:
    expected = [s + k for s in clip.item_starts() for k in range(ITEM_S * clip.fps)]
    with open_video(path) as video:
        shown = [read_frame_index(rgb) for _i, rgb in video.frames()]
    if shown == expected:
        return "exact"
    wrong = sum(a != b for a, b in zip(shown, expected, strict=False))
    return f"{wrong + abs(len(shown) - len(expected))} off ({len(shown)}/{len(expected)})"


def _out(folder: Path, clip: BenchClip, job: str) -> Path:
    return folder / f"{clip.name}-{job.replace(' ', '_').replace('+', '_')}.mp4"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", choices=tuple(QUALITY_PRESETS), default="standard")
    parser.add_argument("--keep", type=Path, help="folder to keep the clips in between runs")
    parser.add_argument("--runs", type=int, default=1, help="best of N interleaved rounds")
    parser.add_argument(
        "--clip", choices=[c.name for c in CLIPS], action="append", help="only this clip"
    )
    parser.add_argument(
        "--anonymised", action="store_true", help="also: anonymised vs plain export of a reel"
    )
    args = parser.parse_args(argv)
    if args.anonymised:  # its face clip needs the photo faces, before any clip is made
        from attune_app.anonymise.face_samples import DevDependencyMissingError, photo_faces

        try:
            photo_faces()
        except DevDependencyMissingError as missing:
            print(f"attune_app.export.bench --anonymised: {missing}", file=sys.stderr)
            return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="attune-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    preset, crf = QUALITY_PRESETS[args.quality]
    reel_s = ITEMS * ITEM_S
    print(f"reel: {ITEMS} items x {ITEM_S} s; x264 preset {preset}, CRF {crf}; AAC 128k")
    print(f"best of {max(1, args.runs)} interleaved rounds; 'worst' shows the machine's noise")
    head = (
        f"{'clip':16} {'job':18} {'best s':>7} {'worst s':>7} {'x realtime':>10} "
        f"{'vs ffmpeg':>9}  frames"
    )
    print(head)
    try:
        for clip in CLIPS:
            if args.clip and clip.name not in args.clip:
                continue
            source = make_clip(clip, folder)
            jobs: dict[str, Callable[[Path], float]] = {
                "ffmpeg CLI": functools.partial(ffmpeg_cli, clip, source, quality=args.quality),
                "attune": functools.partial(
                    ours, clip, source, quality=args.quality, captions=False
                ),
                "attune+captions": functools.partial(
                    ours, clip, source, quality=args.quality, captions=True
                ),
            }
            walls: dict[str, list[float]] = {job: [] for job in jobs}
            for _round in range(max(1, args.runs)):  # rounds interleave the jobs: fairer
                for job, run in jobs.items():
                    walls[job].append(run(_out(folder, clip, job)))
            base = min(walls["ffmpeg CLI"])
            for job, times in walls.items():
                check = frame_exact(clip, _out(folder, clip, job))
                best = min(times)
                print(
                    f"{clip.name:16} {job:18} {best:7.2f} {max(times):7.2f} "
                    f"{reel_s / best:10.2f} {best / base:8.2f}x  {check}",
                    flush=True,
                )
            plain, burned = min(walls["attune"]), min(walls["attune+captions"])
            pairs = zip(walls["attune"], walls["attune+captions"], strict=True)
            rounds = sorted(b / p for p, b in pairs)
            print(
                f"{clip.name:16} captions burned cost {100 * (burned / plain - 1):+.1f}% "
                f"(best vs best; per round median {100 * (rounds[len(rounds) // 2] - 1):+.1f}%)"
            )
        if args.anonymised:
            print(f"{'clip':16} {'job':18} {'best s':>7} {'worst s':>7} {'vs plain':>9}  frames")
            anonymised_vs_plain(folder, quality=args.quality, runs=args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
