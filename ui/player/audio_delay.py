"""An audio delay per output device, for sound that reaches the ear late.

Bluetooth headsets (often 150-250 ms) and TVs (their picture processing) play sound later than
the device reports having consumed it; the sound then trails the picture. The practitioner
sets the delay once per output (Playback > Audio Delay for This Output...), kept in QSettings
keyed by the device's id, so the laptop's speakers stay at 0 when the headset is put away.
The audio clock subtracts it: the picture shows the frame whose sound is being heard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

GROUP = "player/audio_delay_ms"
MAX_DELAY_MS = 2000


@dataclass(frozen=True)
class OutputDevice:
    key: str  # stable id of the device (its id, else its description)
    name: str  # what the user sees


def default_output() -> OutputDevice:
    """The default sound output, the one `QtAudioSink` plays on."""
    from PySide6.QtMultimedia import QMediaDevices

    return output_of(QMediaDevices.defaultAudioOutput())


def output_of(device: object) -> OutputDevice:
    """An `OutputDevice` for a QAudioDevice."""
    name = str(device.description()) or "Sound output"  # type: ignore[attr-defined]
    raw = bytes(device.id().data())  # type: ignore[attr-defined]
    key = raw.decode("utf-8", "replace") if raw else name
    return OutputDevice(key, name)


class AudioDelaySettings:
    """Milliseconds of delay per output device key (0 when never set). GUI thread."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings

    def delay_ms(self, device_key: str) -> int:
        value = self._store().value(_key(device_key), 0)
        try:
            return min(max(int(str(value)), 0), MAX_DELAY_MS)
        except ValueError:
            return 0

    def set_delay_ms(self, device_key: str, delay_ms: int) -> None:
        store = self._store()
        if delay_ms <= 0:
            store.remove(_key(device_key))
        else:
            store.setValue(_key(device_key), min(int(delay_ms), MAX_DELAY_MS))
        store.sync()

    def _store(self) -> QSettings:
        return self._settings if self._settings is not None else QSettings()


def _key(device_key: str) -> str:
    # Device ids may hold "/" (a settings group separator) or other characters
    return f"{GROUP}/{quote(device_key, safe='')}"


GetInt = Callable[..., tuple[int, bool]]


def ask_audio_delay(
    parent: QWidget | None,
    output: OutputDevice,
    settings: AudioDelaySettings,
    get_int: GetInt = QInputDialog.getInt,
) -> int | None:
    """Ask for the output's delay and keep it; the new value, or None when cancelled."""
    current = settings.delay_ms(output.key)
    value, ok = get_int(
        parent,
        "Audio delay",
        f"Sound on \u201c{output.name}\u201d reaches you later than the picture\n"
        "(Bluetooth headsets, TVs). Delay the picture's sync by, in milliseconds:",
        current,
        0,
        MAX_DELAY_MS,
        10,
    )
    if not ok:
        return None
    settings.set_delay_ms(output.key, value)
    return int(value)


def audio_delay_action(
    parent: QWidget,
    changed: Callable[[], None],
    output: Callable[[], OutputDevice] = default_output,
    get_int: GetInt = QInputDialog.getInt,
) -> QAction:
    """Playback > Audio Delay for This Output...; `changed` runs after a new value is kept."""
    action = QAction("Audio Delay for This Output\u2026", parent)
    action.setObjectName("playback_audio_delay")

    def ask() -> None:
        if ask_audio_delay(parent, output(), AudioDelaySettings(), get_int) is not None:
            changed()

    action.triggered.connect(ask)
    return action
