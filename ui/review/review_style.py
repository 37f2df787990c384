"""The calm look of review mode: soft colours, large type, large round buttons."""

from __future__ import annotations

SURROUND = "#1f2326"  # around the picture: dark, not black, so the room light is gentle
CARD = "#2f4a4f"  # title cards: a quiet teal
TEXT = "#f4efe6"  # warm off-white
SOFT_TEXT = "#c9c2b6"

PARENT_STYLE = f"""
QWidget#ParentView {{ background: {SURROUND}; }}
QLabel#Caption {{ color: {TEXT}; font-size: 30px; padding: 10px 24px; }}
QLabel#Moment {{ color: {SOFT_TEXT}; font-size: 18px; padding: 4px 16px; }}
QLabel#TitleCard {{ background: {CARD}; color: {TEXT}; font-size: 52px; padding: 40px; }}
QPushButton {{
    background: #3a4246; color: {TEXT}; border: none; border-radius: 18px;
    font-size: 24px; min-height: 72px; min-width: 150px; padding: 0 28px;
}}
QPushButton:hover {{ background: #465055; }}
QPushButton:pressed {{ background: #52606a; }}
QPushButton#PlayButton {{ background: #4e7a6e; min-width: 190px; }}
QPushButton#PlayButton:hover {{ background: #5a8a7d; }}
"""

PRESENTER_STYLE = """
QWidget#PresenterPanel { background: #f7f4ee; }
QWidget#PresenterPanel QLabel { color: #2b2b2b; font-size: 14px; }
QLabel#PanelHeading { font-weight: bold; font-size: 15px; color: #3e5c63; margin-top: 8px; }
QLabel#Prompt { font-size: 18px; color: #1f3d44; }
QPlainTextEdit#ParentWords { font-size: 17px; background: white; border: 1px solid #c9c2b6;
    border-radius: 6px; padding: 6px; }
QLabel#SavedLabel { color: #4e7a6e; font-size: 13px; }
"""

# The presenter's copy of the controls: the same buttons, laptop-sized.
PRESENTER_CONTROLS_STYLE = (
    PARENT_STYLE
    + """
QPushButton { font-size: 18px; min-height: 52px; min-width: 96px; padding: 0 16px;
    border-radius: 14px; }
QPushButton#PlayButton { min-width: 120px; }
"""
)
