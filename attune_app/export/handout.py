"""The handout: a printable PDF for the parent to take home, with the reel's stills, their
captions and, where the parent agrees, their own words.

Warm and plain: no codes, latencies, notes or the practitioner's questions, and only one
family's moments (a reel that mixes families is refused). Made with fpdf2 so the CLI can make
it without a screen; DejaVu Sans is embedded for every language's letters.

Three steps so the GUI can render off its thread: `plan_handout` reads the library,
`render_handout` decodes the stills and writes the PDF (no library needed), `audit_handout`
records the export (what, which reel, who, when; no free text). `export_handout` does all three.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from attune_app.export.stills import Frame, item_still_frame, open_clip_file, still_picture
from attune_app.resources import resource_path
from attune_app.services.clips import clip_frame_index_json, get_clip
from attune_app.services.reels import get_reel, list_reel_items
from attune_app.services.review import list_reflections
from attune_app.store.errors import InvalidChangeError
from attune_app.store.files import atomic_output
from attune_app.store.library import Library

PAPERS = {"a4": "A4", "letter": "Letter"}
FONT = "DejaVu"
MARGIN_MM = 20.0
STILL_MAX_H_MM = 92.0
STILL_MAX_PX = 1600  # plenty for print at this size; keeps the file small
HEADING = (58, 84, 96)  # a calm blue-grey
TEXT = (45, 45, 45)
SOFT = (110, 110, 110)
WORDS_BOX = (246, 241, 232)  # warm paper
TITLE = "Moments to keep"
INTRO = (
    "Here are some of the moments from your video that we looked at together. "
    "They show some of the lovely things you and your baby do together."
)
WORDS_HEADING = "What you said"
CLOSING = "Thank you for sharing these moments."
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class HandoutMoment:
    """One picture of the handout, or (with no media) a title card's words as a heading."""

    heading: str
    media: Path | None
    saved_index_json: str | None
    frame: int
    caption: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class HandoutPlan:
    reel_id: int
    moments: tuple[HandoutMoment, ...]
    with_words: bool

    @property
    def still_count(self) -> int:
        return sum(1 for m in self.moments if m.media is not None)


def plan_handout(library: Library, reel_id: int, *, with_words: bool) -> HandoutPlan:
    """What the handout shows, read from the library (GUI thread or CLI)."""
    reel = get_reel(library, reel_id)
    if reel.purpose != "parent_review":
        raise InvalidChangeError(
            f"Reel {reel_id} is for {reel.purpose.replace('_', ' ')}; a handout is made from a "
            "reel for a shared review with the parent."
        )
    items = list_reel_items(library, reel_id)
    families = {_family_of(library, i.clip_id) for i in items if i.clip_id is not None}
    if len(families) > 1:
        raise InvalidChangeError(
            f"Reel {reel_id} shows moments of more than one family; a handout goes to one "
            "family only. Make a reel with this family's moments alone."
        )
    if not families:
        raise InvalidChangeError(
            f"Reel {reel_id} has no moments from a clip yet, so there is nothing to print."
        )
    moments = []
    for item in items:
        if item.clip_id is None:
            moments.append(HandoutMoment(item.title_text, None, None, 0, "", ()))
            continue
        clip = get_clip(library, item.clip_id)
        words: tuple[str, ...] = ()
        if with_words:
            words = tuple(r.text.strip() for r in list_reflections(library, item.id))
        moments.append(
            HandoutMoment(
                "",
                library.media_path(clip),
                clip_frame_index_json(library, clip.id),
                item_still_frame(item),
                item.caption.strip(),
                tuple(w for w in words if w),
            )
        )
    return HandoutPlan(reel_id, tuple(moments), with_words)


def _family_of(library: Library, clip_id: int) -> int:
    row = library.db.execute(
        "SELECT s.family_id FROM clips c JOIN sessions s ON s.id = c.session_id WHERE c.id = ?",
        [clip_id],
    ).fetchone()
    return int(row[0])


def render_handout(
    plan: HandoutPlan,
    target: Path,
    *,
    paper: str = "a4",
    today: date | None = None,
    progress: Progress | None = None,
) -> Path:
    """Decode the stills and write the PDF at `target` atomically (any thread)."""
    if paper not in PAPERS:
        raise InvalidChangeError(f"The paper is one of {', '.join(PAPERS)}; got {paper}.")
    pdf = _HandoutPdf(paper)
    pdf.opening(today or date.today())
    done = 0
    for moment in plan.moments:
        if moment.media is None:
            pdf.heading(moment.heading)
            continue
        with open_clip_file(moment.media, moment.saved_index_json) as video:
            picture = still_picture(video, moment.frame)
        pdf.moment(picture, moment.caption, moment.words if plan.with_words else ())
        done += 1
        if progress is not None:
            progress(done, plan.still_count)
    pdf.closing()
    data = bytes(pdf.output())
    with atomic_output(target) as temp:
        temp.write_bytes(data)
    return target


def audit_handout(library: Library, plan: HandoutPlan, paper: str) -> None:
    with library.transaction():
        details = {"paper": paper, "with_words": plan.with_words, "stills": plan.still_count}
        library.audit("export_handout", "reel", plan.reel_id, details)


def export_handout(
    library: Library,
    reel_id: int,
    target: Path,
    *,
    paper: str = "a4",
    with_words: bool = False,
    progress: Progress | None = None,
) -> Path:
    if paper not in PAPERS:
        raise InvalidChangeError(f"The paper is one of {', '.join(PAPERS)}; got {paper}.")
    if not target.parent.is_dir():
        raise InvalidChangeError(f"The folder {target.parent} does not exist; make it first.")
    plan = plan_handout(library, reel_id, with_words=with_words)
    render_handout(plan, target, paper=paper, progress=progress)
    audit_handout(library, plan, paper)
    return target


class _HandoutPdf(FPDF):
    def __init__(self, paper: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=PAPERS[paper])
        self.add_font(FONT, "", str(resource_path("fonts", "DejaVuSans.ttf")))
        self.add_font(FONT, "B", str(resource_path("fonts", "DejaVuSans-Bold.ttf")))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM)
        self.set_creator("Attune")  # no names, paths or family references in the metadata
        self.set_producer("Attune")
        self._pending_heading = ""
        self.add_page()

    @property
    def content_w(self) -> float:
        return float(self.w - self.l_margin - self.r_margin)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM + 6)
        self._font(9, colour=SOFT)
        self.cell(0, 5, f"{self.page_no()}", align="C")

    def _font(
        self, size: float, *, bold: bool = False, colour: tuple[int, int, int] = TEXT
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    def _paragraph(self, text: str, height: float, align: str = "L") -> None:
        self.multi_cell(
            self.content_w, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def opening(self, today: date) -> None:
        self._font(24, bold=True, colour=HEADING)
        self._paragraph(TITLE, 12)
        self._font(11, colour=SOFT)
        self._paragraph(f"{today.day} {today:%B %Y}", 6)
        self.ln(4)
        self._font(12.5)
        self._paragraph(INTRO, 7)
        self.ln(6)

    def heading(self, text: str) -> None:
        """A title card's words: printed with the picture after it (never alone at a page's
        foot)."""
        self._pending_heading = text

    def _print_heading(self) -> None:
        if self._pending_heading:
            self.ln(2)
            self._font(15, bold=True, colour=HEADING)
            self._paragraph(self._pending_heading, 8)
            self.ln(3)
        self._pending_heading = ""

    def moment(self, picture: Frame, caption: str, words: tuple[str, ...]) -> None:
        height_px, width_px = picture.shape[:2]
        w_mm = min(self.content_w, STILL_MAX_H_MM * width_px / height_px)
        h_mm = w_mm * height_px / width_px
        caption_mm = 14 if caption else 0
        words_mm = 12 + 7 * sum(1 + len(w) // 70 for w in words) if words else 0
        heading_mm = 16 if self._pending_heading else 0
        self._need(heading_mm + h_mm + caption_mm + min(words_mm, 40) + 6)
        self._print_heading()
        x = self.l_margin + (self.content_w - w_mm) / 2
        self.image(_jpeg(picture), x=x, y=self.get_y(), w=w_mm, h=h_mm)
        self.set_y(self.get_y() + h_mm + 3)
        if caption:
            self._font(13, bold=True)
            self._paragraph(caption, 7, align="C")
        if words:
            self.ln(2)
            self._words(words)
        self.ln(8)

    def _words(self, words: tuple[str, ...]) -> None:
        self.set_fill_color(*WORDS_BOX)
        self._font(10.5, bold=True, colour=HEADING)
        self.multi_cell(
            self.content_w, 7, f"  {WORDS_HEADING}", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self._font(12)
        for text in words:
            self.multi_cell(
                self.content_w,
                7,
                f"“{text}”",
                fill=True,
                padding=(0, 4, 2, 4),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )

    def closing(self) -> None:
        """A last heading (a title card at the end) and the thank-you, on the last page when
        it fits: never a page holding only these words."""
        if self._pending_heading:
            self._need(16)
            self._print_heading()
        if self.get_y() + 16 <= self.h - self.b_margin:
            self.ln(4)
            self._font(12.5, colour=HEADING)
            self._paragraph(CLOSING, 7, align="C")

    def _need(self, height_mm: float) -> None:
        """Start a new page unless `height_mm` fits on this one (a picture is never split)."""
        if self.get_y() + height_mm > self.h - self.b_margin:
            self.add_page()


def _jpeg(picture: Frame) -> io.BytesIO:
    image = Image.fromarray(np.ascontiguousarray(picture), "RGB")
    if image.width > STILL_MAX_PX:
        size = (STILL_MAX_PX, round(image.height * STILL_MAX_PX / image.width))
        image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    buffer.seek(0)
    return buffer
