"""Words drawn onto pictures: captions (lower third, in a soft box), title cards and the
training watermark, in DejaVu Sans (shipped in `resources/fonts`).

Text is drawn once into an `Overlay` (an RGBA patch) with Pillow and then blended onto each
frame with numpy over the patch only, so a caption costs little per frame.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from attune_app.resources import resource_path

Frame = npt.NDArray[np.uint8]  # H x W x 3 RGB

TITLE_BACKGROUND = (46, 58, 64)  # a calm deep blue-grey
TEXT_COLOUR = (250, 247, 240)  # warm off-white
CAPTION_BOX = (20, 24, 28, 170)  # dark, partly transparent
MAX_CAPTION_LINES = 3


@functools.lru_cache(maxsize=32)
def load_font(size_px: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(resource_path("fonts", name)), max(8, size_px))


def wrap_lines(text: str, font: ImageFont.FreeTypeFont, max_width_px: int) -> list[str]:
    """Words in lines no wider than `max_width_px` (a word too long for a line is cut)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if font.getlength(candidate) <= max_width_px or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
            while font.getlength(line) > max_width_px and len(line) > 1:
                cut = _fitting_prefix(line, font, max_width_px)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return [ln for ln in lines if ln] or [""]


def _fitting_prefix(word: str, font: ImageFont.FreeTypeFont, max_width_px: int) -> int:
    cut = len(word)
    while cut > 1 and font.getlength(word[:cut]) > max_width_px:
        cut -= 1
    return cut


@dataclass(frozen=True)
class Overlay:
    """An RGBA patch placed at (x, y) on a frame of the size it was made for."""

    x: int
    y: int
    rgba: npt.NDArray[np.uint8]  # h x w x 4

    def apply(self, frame: Frame) -> Frame:
        """Blend onto `frame` in place (and return it)."""
        h, w = self.rgba.shape[:2]
        region = frame[self.y : self.y + h, self.x : self.x + w]
        patch = self.rgba[: region.shape[0], : region.shape[1]]
        alpha = patch[..., 3:4].astype(np.uint16)
        blended = (patch[..., :3] * alpha + region * (255 - alpha) + 127) // 255
        region[...] = blended.astype(np.uint8)
        return frame


def caption_overlay(width: int, height: int, text: str) -> Overlay | None:
    """A caption in the lower third: up to three wrapped lines in a soft dark box."""
    if not text.strip():
        return None
    font = load_font(round(height / 20), bold=True)
    margin = round(height / 30)
    lines = wrap_lines(text, font, int(width * 0.84))[:MAX_CAPTION_LINES]
    return _text_box(width, height, lines, font, margin, anchor="bottom")


def watermark_overlay(width: int, height: int, text: str) -> Overlay | None:
    """Small words in the bottom right corner (e.g. 'For training use only')."""
    if not text.strip():
        return None
    font = load_font(round(height / 34))
    margin = round(height / 60)
    lines = wrap_lines(text, font, int(width * 0.45))[:2]
    return _text_box(width, height, lines, font, margin, anchor="corner")


def _text_box(
    width: int,
    height: int,
    lines: list[str],
    font: ImageFont.FreeTypeFont,
    margin: int,
    *,
    anchor: str,
) -> Overlay:
    ascent, descent = font.getmetrics()
    line_h = ascent + descent + round(font.size * 0.15)
    pad = round(font.size * 0.45)
    text_w = max(round(font.getlength(ln)) for ln in lines)
    box_w = min(width, text_w + 2 * pad)
    box_h = min(height, line_h * len(lines) + 2 * pad)
    patch = Image.new("RGBA", (box_w, box_h), CAPTION_BOX)
    draw = ImageDraw.Draw(patch)
    for row, line in enumerate(lines):
        line_w = font.getlength(line)
        x = (box_w - line_w) / 2 if anchor == "bottom" else box_w - pad - line_w
        draw.text((x, pad + row * line_h), line, font=font, fill=(*TEXT_COLOUR, 255))
    if anchor == "bottom":
        x0, y0 = (width - box_w) // 2, height - margin - box_h - round(height / 14)
    else:
        x0, y0 = width - margin - box_w, height - margin - box_h
    return Overlay(max(0, x0), max(0, y0), np.asarray(patch, dtype=np.uint8).copy())


def title_card(width: int, height: int, text: str) -> Frame:
    """Plain words centred on a calm background, as big as fits comfortably."""
    card = Image.new("RGB", (width, height), TITLE_BACKGROUND)
    draw = ImageDraw.Draw(card)
    size = round(height / 11)
    while True:
        font = load_font(size, bold=True)
        lines = wrap_lines(text, font, int(width * 0.8))
        ascent, descent = font.getmetrics()
        line_h = ascent + descent + round(size * 0.25)
        if line_h * len(lines) <= height * 0.7 or size <= 12:
            break
        size = round(size * 0.85)
    top = (height - line_h * len(lines)) / 2
    for row, line in enumerate(lines):
        x = (width - font.getlength(line)) / 2
        draw.text((x, top + row * line_h), line, font=font, fill=TEXT_COLOUR)
    return np.asarray(card, dtype=np.uint8).copy()
