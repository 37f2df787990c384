"""Which screen shows what: with two, the parent's view goes to the other screen (a TV or a
monitor) and the presenter view stays on the laptop; with one, the practitioner's strip sits
beside the picture. The parent's screen is remembered by name (QSettings)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QRect, QSettings, Signal
from PySide6.QtGui import QGuiApplication, QScreen

SETTINGS_KEY = "review/parent_screen"


@dataclass(frozen=True)
class ScreenSlot:
    name: str
    geometry: QRect
    screen: QScreen | None = None  # None for the fake screens of tests


@dataclass(frozen=True)
class ScreenPlan:
    parent: ScreenSlot
    presenter: ScreenSlot | None  # None: one screen, the strip beside the picture


def plan_screens(slots: list[ScreenSlot], parent_name: str | None) -> ScreenPlan:
    """The remembered parent screen when it is there, else the second one; the first screen
    (the laptop's own, normally) for the presenter."""
    if len(slots) < 2:
        return ScreenPlan(slots[0], None)
    parent = next((s for s in slots if s.name == parent_name), slots[1])
    presenter = next(s for s in slots if s is not parent)
    return ScreenPlan(parent, presenter)


def remembered_parent_screen() -> str | None:
    value = QSettings().value(SETTINGS_KEY)
    return str(value) if value else None


def remember_parent_screen(name: str) -> None:
    QSettings().setValue(SETTINGS_KEY, name)


class QtScreens(QObject):
    """The real screens; `changed` when one is plugged in or out. GUI thread only."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(lambda _s: self.changed.emit())
        app.screenRemoved.connect(lambda _s: self.changed.emit())

    def slots(self) -> list[ScreenSlot]:
        primary = QGuiApplication.primaryScreen()
        screens = sorted(QGuiApplication.screens(), key=lambda s: s is not primary)
        return [ScreenSlot(s.name(), s.geometry(), s) for s in screens]
