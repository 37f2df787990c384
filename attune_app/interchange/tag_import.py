"""Import tags from ELAN, BORIS or Attune's own tables into one clip: all or nothing, undoable.

`import_tags` reads the file, maps it, checks every tag against the clip and the coding schemes
and either adds them all in one transaction or raises `ImportRejectedError` with one line per
problem (malformed file, media of another length, codes not in the schemes, overlapping
annotations, frames outside the clip). What the mapping left out is reported, not an error.
`remove_imported_tags` undoes an import exactly; `restore_imported_tags` redoes it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from attune_app.domain.models import Clip, Tag
from attune_app.interchange.boris import read_boris
from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.drafts import ReadResult, TagDraft
from attune_app.interchange.eaf_reader import read_eaf
from attune_app.interchange.frame_times import FrameClock, clip_clock
from attune_app.interchange.mapping import TagMapping
from attune_app.interchange.occurrences import to_drafts
from attune_app.interchange.tables import read_csv, read_json
from attune_app.services.clips import get_clip
from attune_app.services.people import find_person
from attune_app.store import records
from attune_app.store.audit import now_iso
from attune_app.store.errors import InvalidChangeError, NotFoundError
from attune_app.store.library import Library

IMPORT_FORMATS = {".eaf": "eaf", ".tsv": "boris", ".txt": "boris", ".csv": "csv", ".json": "json"}


class ImportRejectedError(InvalidChangeError):
    """The file cannot be imported; nothing was added. `problems` has one line per problem."""

    def __init__(self, name: str, problems: Sequence[str], skipped: Sequence[str] = ()) -> None:
        self.problems = tuple(problems)
        self.skipped = tuple(skipped)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"Nothing was imported from {name}: {len(self.problems)} problem(s).\n{lines}\n"
            "Fix the file (or the mapping) and import it again."
        )


@dataclass(frozen=True)
class ImportReport:
    clip_id: int
    file_format: str
    added: tuple[Tag, ...]
    skipped: tuple[str, ...]  # what the mapping left out
    notes: tuple[str, ...]


def file_format(path: Path) -> str:
    fmt = IMPORT_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InvalidChangeError(
            f"{Path(path).name}: Attune imports .eaf (ELAN), .tsv (BORIS), .csv and .json "
            "(Attune's tag tables); rename the file if it is one of these."
        )
    return fmt


def read_tag_file(
    data: bytes,
    fmt: str,
    clock: FrameClock,
    codebook: CodeBook,
    mapping: TagMapping | None,
    *,
    name: str = "the file",
) -> tuple[ReadResult, list[str]]:
    """Drafts from a file's bytes; also returns notes (things worth saying, not problems)."""
    notes: list[str] = []
    if fmt == "eaf":
        eaf = read_eaf(data, source=name)
        result = ReadResult(problems=list(eaf.problems), media_duration_s=eaf.media_duration_s)
        if not eaf.problems:
            to_drafts(eaf.occurrences, mapping, codebook, clock, result)
            used = {d for d in _used_layers(eaf.occurrences, mapping)}
            for tier, overlaps in eaf.overlaps.items():
                if tier in used:
                    result.problems.extend(overlaps)
        notes += eaf.notes + _absent_tiers(mapping, {o.layer for o in eaf.occurrences})
        if eaf.video_offset_ms:
            notes.append(f"the video starts {eaf.video_offset_ms} ms into the ELAN timeline")
        return result, notes
    text = _text(data, name)
    if text is None:
        return ReadResult(problems=[f"{name} is not UTF-8 text."]), notes
    if fmt == "boris":
        occurrences, result = read_boris(text)
        if not result.problems:
            to_drafts(occurrences, mapping, codebook, clock, result)
        notes += _absent_tiers(mapping, {o.layer for o in occurrences})
        return result, notes
    return (read_csv(text, clock) if fmt == "csv" else read_json(text, clock)), notes


def _absent_tiers(mapping: TagMapping | None, layers: set[str]) -> list[str]:
    if mapping is None:
        return []
    return [
        f"the mapping names tier '{tier}', which has no annotations in this file"
        for tier in mapping.tiers
        if tier not in layers
    ]


def _used_layers(occurrences: Sequence[object], mapping: TagMapping | None) -> set[str]:
    layers = {getattr(o, "layer", "") for o in occurrences}
    if mapping is not None and mapping.tiers:
        return layers & set(mapping.tiers)
    return {getattr(o, "layer", "") for o in occurrences if getattr(o, "kind", None)}


def _text(data: bytes, name: str) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def import_tags(
    library: Library,
    path: Path,
    clip_id: int,
    *,
    coder: str | None = None,
    mapping: TagMapping | None = None,
) -> ImportReport:
    path = Path(path)
    fmt = file_format(path)
    clip = get_clip(library, clip_id)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidChangeError(f"{path}: cannot be read ({error.strerror}).") from error
    clock = clip_clock(library, clip)
    codebook = CodeBook.of(library)
    result, notes = read_tag_file(data, fmt, clock, codebook, mapping, name=path.name)
    forced = _person_id(library, coder) if coder else None
    problems = list(result.problems)
    problems += _duration_problems(result, clock)
    problems += [p for d in result.drafts for p in _draft_problems(d, clip, codebook)]
    if problems:
        raise ImportRejectedError(path.name, problems, result.skipped)
    tags, coder_notes = _tags(library, clip, result.drafts, forced)
    with library.transaction() as db:
        added = []
        for tag in tags:
            values = records.tag_row(tag)
            del values["id"]
            added.append(dataclasses.replace(tag, id=records.insert(db, "tags", values)))
        library.audit(
            "import_tags",
            "clip",
            clip.id,
            {
                "format": fmt,
                "count": len(added),
                "tag_ids": [t.id for t in added],
                "skipped": len(result.skipped),
            },
        )
    return ImportReport(clip.id, fmt, tuple(added), tuple(result.skipped), (*notes, *coder_notes))


def remove_imported_tags(library: Library, tags: Sequence[Tag]) -> None:
    """Undo of an import: delete exactly the tags it added (one transaction)."""
    with library.transaction() as db:
        for tag in tags:
            records.get(db, "tags", tag.id, records.tag)
            records.delete(db, "tags", tag.id)
        library.audit(
            "undo_import_tags",
            "clip",
            tags[0].clip_id if tags else None,
            {"tag_ids": [t.id for t in tags]},
        )


def restore_imported_tags(library: Library, tags: Sequence[Tag]) -> None:
    """Redo of an import after its undo: the same tags with the same ids."""
    with library.transaction() as db:
        for tag in tags:
            records.insert(db, "tags", records.tag_row(tag))
        library.audit(
            "redo_import_tags",
            "clip",
            tags[0].clip_id if tags else None,
            {"tag_ids": [t.id for t in tags]},
        )


def _person_id(library: Library, name: str) -> int:
    person = find_person(library, name)
    if person is None:
        raise NotFoundError(
            f"There is no person called '{name}' in this library; add them first "
            "(or leave out --coder to keep the coders the file names)."
        )
    return person.id


def _duration_problems(result: ReadResult, clock: FrameClock) -> list[str]:
    if result.media_duration_s is None or clock.frame_count == 0:
        return []
    tolerance = max(0.05, clock.duration_s / clock.frame_count)
    if abs(result.media_duration_s - clock.duration_s) <= tolerance:
        return []
    return [
        f"the file was made for media of {result.media_duration_s:.3f} s, but this clip lasts "
        f"{clock.duration_s:.3f} s: it belongs to another recording (choose the right clip)"
    ]


def _draft_problems(draft: TagDraft, clip: Clip, codebook: CodeBook) -> list[str]:
    problems = []
    last = clip.frame_count - 1
    for name in ("in_frame", "out_frame", "cue_frame", "response_frame"):
        frame = getattr(draft, name)
        if frame is not None and not 0 <= frame <= last:
            problems.append(
                f"{draft.source}: {name.replace('_', ' ')} {frame} is outside the clip "
                f"(frames 0 to {last}); the file belongs to a longer recording"
            )
    if draft.in_frame > draft.out_frame:
        problems.append(
            f"{draft.source}: in frame {draft.in_frame} is after out frame {draft.out_frame}"
        )
    for field, codes in (
        ("cue", [draft.cue_code]),
        ("response", [draft.response_code]),
        ("principle", draft.principle_codes),
    ):
        for code in codes:
            if code and not codebook.fits(field, code):
                problems.append(
                    f"{draft.source}: '{code}' is not a {field} code of the coding schemes in "
                    "this library (map it to one with --map, or add it to the scheme)"
                )
    if draft.rating is not None and draft.rating < 0:
        problems.append(f"{draft.source}: a rating is a whole number, 0 or more")
    return problems


def _tags(
    library: Library, clip: Clip, drafts: Sequence[TagDraft], forced: int | None
) -> tuple[list[Tag], list[str]]:
    now = now_iso()
    people: dict[str, int | None] = {}
    notes = []
    tags = []
    for d in drafts:
        author = forced
        if author is None and d.coder:
            if d.coder not in people:
                person = find_person(library, d.coder)
                people[d.coder] = person.id if person else None
                if person is None:
                    notes.append(
                        f"coder '{d.coder}' is not a person in this library: "
                        "their tags are recorded as yours"
                    )
            author = people[d.coder]
        if author is None:
            author = library.actor
        tags.append(
            Tag(
                id=0,
                clip_id=clip.id,
                in_frame=d.in_frame,
                out_frame=d.out_frame,
                cue_frame=d.cue_frame,
                cue_code=d.cue_code,
                response_frame=d.response_frame,
                response_code=d.response_code,
                principle_codes=tuple(d.principle_codes),
                rating=d.rating,
                note=d.note,
                author_id=author,
                created_at=now,
                updated_at=now,
            )
        )
    return tags, notes
