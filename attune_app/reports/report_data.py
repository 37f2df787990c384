"""What a session or family report says, gathered from the library as plain values.

No family name beyond its reference, no clip file names (a phone names files after people),
no tag notes and no parent's words: only codes, frames, times, states and the supervision
record (comments and sign-offs)."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from attune_app.domain.models import Clip, Session, Tag
from attune_app.domain.supervision import STATE_WORDS
from attune_app.services.clips import list_clips
from attune_app.services.comments import threads
from attune_app.services.families import list_sessions
from attune_app.services.people import list_people
from attune_app.services.schemes import list_schemes
from attune_app.services.supervision import current_state, sign_offs_of
from attune_app.services.tags import list_tags
from attune_app.store import records
from attune_app.store.errors import NotFoundError
from attune_app.store.library import Library


@dataclass(frozen=True)
class ClipPart:
    number: int  # 1, 2, ... within the session
    clip_id: int
    duration_s: float
    fps: float
    recorded_at: str | None
    tags: int


@dataclass(frozen=True)
class SessionPart:
    session_id: int
    date: str
    cycle: int
    kind: str
    practitioner: str
    state: str
    clips: tuple[ClipPart, ...]


@dataclass(frozen=True)
class CycleFigures:
    cycle: int
    minutes: float
    tags: int
    attuned: int  # moments where a cue was answered: both cue and response marked
    attuned_per_10_min: float
    median_latency_s: float | None


@dataclass(frozen=True)
class LatencySummary:
    values_s: tuple[float, ...]
    median_s: float | None
    q1_s: float | None
    q3_s: float | None

    @property
    def iqr_s(self) -> float | None:
        return None if self.q1_s is None or self.q3_s is None else self.q3_s - self.q1_s


@dataclass(frozen=True)
class CommentLine:
    session_id: int
    author: str
    at: str
    where: str
    text: str
    resolved: bool
    reply: bool


@dataclass(frozen=True)
class SignOffLine:
    session_id: int
    supervisor: str
    at: str


@dataclass(frozen=True)
class ReportData:
    scope: str  # "session" | "family"
    family_ref: str
    title: str
    sessions: tuple[SessionPart, ...]
    cue_counts: tuple[tuple[str, int], ...]
    response_counts: tuple[tuple[str, int], ...]
    principle_counts: tuple[tuple[str, int], ...]
    latency: LatencySummary
    cycles: tuple[CycleFigures, ...]
    comments: tuple[CommentLine, ...]
    sign_offs: tuple[SignOffLine, ...]


def session_report_data(library: Library, session_id: int) -> ReportData:
    """One session; the change across cycles covers its family up to this session's cycle."""
    session = records.get(library.db, "sessions", session_id, records.session)
    family = records.get(library.db, "families", session.family_id, records.family)
    context = [s for s in list_sessions(library, family.id) if s.cycle <= session.cycle]
    title = f"Session report: family {family.ref}, cycle {session.cycle}, {session.date}"
    return _gather(library, "session", family.ref, title, [session], context)


def family_report_data(library: Library, family_ref: str) -> ReportData:
    found = records.select(
        library.db, "SELECT * FROM families WHERE ref = ?", [family_ref.strip()], records.family
    )
    if not found:
        raise NotFoundError(
            f"There is no family with the reference {family_ref!r} in this library "
            "(`attune library show` lists them)."
        )
    family = found[0]
    sessions = list_sessions(library, family.id)
    title = f"Family report: family {family.ref}, {len({s.cycle for s in sessions})} cycles"
    return _gather(library, "family", family.ref, title, sessions, sessions)


def _gather(
    library: Library,
    scope: str,
    ref: str,
    title: str,
    sessions: Sequence[Session],
    cycle_sessions: Sequence[Session],
) -> ReportData:
    names = {p.id: p.display_name for p in list_people(library)}
    labels = {c.key: c.label for s in list_schemes(library) for c in s.codes}
    clips = {s.id: list_clips(library, s.id) for s in {*sessions, *cycle_sessions}}
    tags = {c.id: list_tags(library, c.id) for cs in clips.values() for c in cs}
    parts, chosen_tags = [], []
    for session in sessions:
        parts.append(_session_part(library, session, clips[session.id], tags, names))
        chosen_tags += [(t, c) for c in clips[session.id] for t in tags[c.id]]
    cues = Counter(labels.get(t.cue_code, t.cue_code) for t, _ in chosen_tags if t.cue_code)
    answers = Counter(
        labels.get(t.response_code, t.response_code) for t, _ in chosen_tags if t.response_code
    )
    principles = Counter(labels.get(p, p) for t, _ in chosen_tags for p in t.principle_codes)
    return ReportData(
        scope=scope,
        family_ref=ref,
        title=title,
        sessions=tuple(parts),
        cue_counts=_sorted(cues),
        response_counts=_sorted(answers),
        principle_counts=_sorted(principles),
        latency=_latency([_latency_s(t, c) for t, c in chosen_tags]),
        cycles=_cycles(cycle_sessions, clips, tags),
        comments=tuple(_comments(library, sessions, names)),
        sign_offs=tuple(
            SignOffLine(s.id, names.get(o.supervisor_id or -1, ""), o.signed_at)
            for s in sessions
            for o in sign_offs_of(library, s.id)
        ),
    )


def _session_part(
    library: Library,
    session: Session,
    clips: list[Clip],
    tags: dict[int, list[Tag]],
    names: dict[int, str],
) -> SessionPart:
    parts = tuple(
        ClipPart(n + 1, c.id, c.duration_s, c.fps, c.recorded_at, len(tags[c.id]))
        for n, c in enumerate(clips)
    )
    return SessionPart(
        session.id,
        session.date,
        session.cycle,
        session.kind,
        names.get(session.practitioner_id or -1, ""),
        STATE_WORDS[current_state(library, session.id)] if clips else "",
        parts,
    )


def _sorted(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((str(k), n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0])))


def _latency_s(tag: Tag, clip: Clip) -> float | None:
    frames = tag.latency_frames
    if frames is None or frames < 0 or clip.fps <= 0:
        return None
    return frames / clip.fps


def _latency(values: Sequence[float | None]) -> LatencySummary:
    kept = tuple(sorted(v for v in values if v is not None))
    if not kept:
        return LatencySummary((), None, None, None)
    if len(kept) == 1:
        return LatencySummary(kept, kept[0], kept[0], kept[0])
    q1, median, q3 = statistics.quantiles(kept, n=4, method="inclusive")
    return LatencySummary(kept, median, q1, q3)


def _cycles(
    sessions: Sequence[Session], clips: dict[int, list[Clip]], tags: dict[int, list[Tag]]
) -> tuple[CycleFigures, ...]:
    figures = []
    for cycle in sorted({s.cycle for s in sessions}):
        cycle_clips = [c for s in sessions if s.cycle == cycle for c in clips[s.id]]
        pairs = [(t, c) for c in cycle_clips for t in tags[c.id]]
        minutes = sum(c.duration_s for c in cycle_clips) / 60.0
        attuned = sum(
            1 for t, _ in pairs if t.cue_frame is not None and t.response_frame is not None
        )
        median = _latency([_latency_s(t, c) for t, c in pairs]).median_s
        rate = attuned / minutes * 10.0 if minutes > 0 else 0.0
        figures.append(CycleFigures(cycle, minutes, len(pairs), attuned, rate, median))
    return tuple(figures)


def _comments(
    library: Library, sessions: Sequence[Session], names: dict[int, str]
) -> list[CommentLine]:
    lines = []
    for session in sessions:
        for thread in threads(library, session.id):
            for comment in thread.comments:
                where = "session" if comment.tag_id is None else f"tag {comment.tag_id}"
                if comment.frame is not None:
                    where += f", frame {comment.frame}"
                lines.append(
                    CommentLine(
                        session.id,
                        names.get(comment.author_id or -1, ""),
                        comment.created_at,
                        where,
                        comment.text,
                        thread.resolved,
                        comment.is_reply,
                    )
                )
    return lines
