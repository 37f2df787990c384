"""The inbox between worker threads and the GUI thread."""

from __future__ import annotations

import os
import threading

from pytestqt.qtbot import QtBot

from ui.player.result_inbox import ResultInbox


def test_items_from_a_thread_arrive_on_the_gui_thread_in_order(qtbot: QtBot) -> None:
    got: list[tuple[int, bool]] = []
    gui = threading.get_ident()
    inbox = ResultInbox(lambda item: got.append((item, threading.get_ident() == gui)))
    worker = threading.Thread(target=lambda: [inbox.post(i) for i in range(5)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(got) == 5, timeout=2_000)
    assert got == [(i, True) for i in range(5)]
    inbox.close()


def test_a_failing_delivery_does_not_strand_the_items_behind_it(qtbot: QtBot) -> None:
    got: list[int] = []

    def deliver(item: int) -> None:
        if item == 0:
            raise RuntimeError("a slot failed")
        got.append(item)

    inbox = ResultInbox(deliver)
    with qtbot.capture_exceptions() as errors:
        inbox.post(0)
        inbox.post(1)  # nothing is posted after this one
        qtbot.waitUntil(lambda: got == [1], timeout=2_000)
    assert [str(e[1]) for e in errors] == ["a slot failed"]
    inbox.close()


def test_drain_after_close_leaves_a_reused_descriptor_alone(qtbot: QtBot) -> None:
    inbox = ResultInbox(lambda _item: None)
    inbox.close()
    read_fd, write_fd = os.pipe()  # the lowest free descriptors: most likely the inbox's old ones
    os.set_blocking(read_fd, False)
    try:
        os.write(write_fd, b"keep")
        inbox.drain()
        assert os.read(read_fd, 16) == b"keep"
    finally:
        os.close(read_fd)
        os.close(write_fd)
