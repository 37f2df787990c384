"""The app carries its window icon, and ATTUNE_SMOKE_TEST=1 (packaging checks) quits it soon."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from ui.app import make_application, quit_soon_if_smoke_test


def test_the_application_has_the_attune_window_icon(qtbot: QtBot) -> None:
    app = make_application()
    assert not app.windowIcon().isNull()
    assert app.desktopFileName() == "attune"


class _FakeApp:
    def __init__(self) -> None:
        self.quit_calls = 0

    def quit(self) -> None:
        self.quit_calls += 1


def test_without_the_variable_nothing_is_scheduled(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.delenv("ATTUNE_SMOKE_TEST", raising=False)
    fake = _FakeApp()
    assert quit_soon_if_smoke_test(fake) is False  # type: ignore[arg-type]
    qtbot.wait(700)
    assert fake.quit_calls == 0


def test_with_the_variable_the_app_quits_once_the_loop_runs(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ATTUNE_SMOKE_TEST", "1")
    fake = _FakeApp()
    assert quit_soon_if_smoke_test(fake) is True  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: fake.quit_calls == 1, timeout=3000)
    assert "smoke test: window shown" in capsys.readouterr().err
