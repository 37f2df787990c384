from __future__ import annotations

import numpy as np

from attune_app.export.text_render import (
    TITLE_BACKGROUND,
    caption_overlay,
    load_font,
    title_card,
    watermark_overlay,
    wrap_lines,
)


def test_wrap_keeps_every_word_and_each_line_fits() -> None:
    font = load_font(20)
    text = "Look how she turns to your voice and you wait for her to answer you back"
    lines = wrap_lines(text, font, 200)
    assert len(lines) > 1
    assert " ".join(lines).split() == text.split()
    assert all(font.getlength(line) <= 200 for line in lines)


def test_an_overlong_word_is_cut_to_fit() -> None:
    font = load_font(20)
    lines = wrap_lines("a" * 80, font, 100)
    assert "".join(lines) == "a" * 80
    assert all(font.getlength(line) <= 100 for line in lines)


def test_caption_sits_in_the_lower_third_and_changes_only_its_box() -> None:
    frame = np.full((360, 640, 3), 200, np.uint8)
    overlay = caption_overlay(640, 360, "You waited, and she smiled back")
    assert overlay is not None
    out = overlay.apply(frame.copy())
    changed = np.argwhere((out != frame).any(axis=2))
    assert changed[:, 0].min() >= 360 * 2 // 3 - 20  # rows: lower third
    h = overlay.rgba.shape[0]
    assert changed[:, 0].max() < overlay.y + h and changed[:, 1].min() >= overlay.x
    assert out[overlay.y + h // 2, overlay.x + 2].mean() < 120  # the box darkens the picture
    assert (out >= 235).all(axis=2).any()  # light letters are drawn


def test_no_caption_no_overlay() -> None:
    assert caption_overlay(640, 360, "   ") is None
    assert watermark_overlay(640, 360, "") is None


def test_watermark_is_in_the_bottom_right_corner() -> None:
    overlay = watermark_overlay(1280, 720, "For training use only")
    assert overlay is not None
    h, w = overlay.rgba.shape[:2]
    assert overlay.x > 640 and overlay.y > 540
    assert overlay.x + w <= 1280 and overlay.y + h <= 720


def test_title_card_is_calm_background_with_centred_words() -> None:
    card = title_card(640, 360, "Our second visit")
    assert card.shape == (360, 640, 3)
    assert tuple(card[5, 5]) == TITLE_BACKGROUND
    letters = np.argwhere((card > 200).all(axis=2))
    assert len(letters) > 0
    centre_x = (letters[:, 1].min() + letters[:, 1].max()) / 2
    assert abs(centre_x - 320) < 20
