"""Agreement between coders of the open clip: choose coders, tolerance and time unit; the
figures are computed off the GUI thread and shown as two plain tables, with the comparison
timeline of one pair below them. GUI thread only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attune_app.domain.models import Clip
from attune_app.services.agreement import (
    DEFAULT_TIME_UNIT_S,
    DEFAULT_TOLERANCE_S,
    AgreementReport,
    coders_of_clip,
    load_codings,
)
from attune_app.services.agreement_json import report_as_json
from attune_app.store.errors import LibraryError
from attune_app.store.library import Library
from ui.agreement import comparison_layout as geo
from ui.agreement.agreement_worker import AgreementWorker
from ui.agreement.comparison_timeline_widget import ComparisonTimelineWidget

EVENT_COLUMNS = (
    "Pairs",
    "Same code",
    "Different",
    "Only {a}",
    "Only {b}",
    "Agreement",
    "Kappa",
)
UNIT_COLUMNS = ("Units", "Agreement", "Kappa", "Alpha (all coders)")
FAMILY_NAMES = {
    "cue": "Infant cues",
    "response": "Parent responses",
    "principle": "Principles",
    "overall": "All together",
}
SHOWN_FAMILIES = {
    "Cues and responses": ("cue", "response"),
    "Cues only": ("cue",),
    "Responses only": ("response",),
}


class AgreementDialog(QDialog):
    frameChosen = Signal(int)  # a mark on the comparison timeline was clicked

    def __init__(
        self,
        library: Library,
        clip: Clip,
        label_of: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AgreementDialog")
        self.setWindowTitle(f"Agreement between coders — {clip.original_name}")
        self._library, self._clip, self._label_of = library, clip, label_of
        self._report: AgreementReport | None = None
        self._last_difference_x: float | None = None
        self.worker = AgreementWorker(self)
        self.coders = QListWidget()
        self.coders.setAccessibleName("Coders to compare")
        self.coders.setMaximumHeight(70)
        self.tolerance = _seconds_box(DEFAULT_TOLERANCE_S, 0.0, 10.0, 0.1)
        self.tolerance.setAccessibleName("Tolerance in seconds")
        self.time_unit = _seconds_box(DEFAULT_TIME_UNIT_S, 0.01, 10.0, 0.05)
        self.time_unit.setAccessibleName("Time unit in seconds")
        self.compute_button = QPushButton("&Compute")
        self.cancel_button = QPushButton("Cancel")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.pair_combo = QComboBox()
        self.pair_combo.setAccessibleName("Pair of coders shown")
        self.pair_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.family_combo = QComboBox()
        self.family_combo.addItems(list(SHOWN_FAMILIES))
        self.events_table = _table(len(FAMILY_NAMES) - 1, len(EVENT_COLUMNS))
        self.units_table = _table(len(FAMILY_NAMES), len(UNIT_COLUMNS))
        self.latency = QLabel("")
        self.timeline = ComparisonTimelineWidget()
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.timeline)
        self.scroll.setWidgetResizable(False)
        self.scroll.setMinimumHeight(self.timeline.minimumHeight() + 24)
        self._build()
        self._connect()
        self._load_coders()
        _fit_height(self.events_table)
        _fit_height(self.units_table)

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("Coders", self.coders)
        form.addRow("Tolerance", self.tolerance)
        form.addRow("Time unit", self.time_unit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.status, 1)
        shown = QHBoxLayout()
        shown.addWidget(QLabel("Pair"))
        shown.addWidget(self.pair_combo)
        shown.addWidget(QLabel("Show"))
        shown.addWidget(self.family_combo)
        shown.addStretch(1)
        for text, factor in (("Zoom out", 0.5), ("Zoom in", 2.0)):
            button = QPushButton(text)
            button.clicked.connect(
                lambda _checked=False, f=factor: self.timeline.set_px_per_s(
                    self.timeline.px_per_s * f
                )
            )
            shown.addWidget(button)
        self.next_difference_button = QPushButton("Next difference")
        self.next_difference_button.setToolTip(
            "Scroll to the next disagreement or event only one coder marked"
        )
        self.next_difference_button.clicked.connect(self.show_next_difference)
        shown.addWidget(self.next_difference_button)
        fit = QPushButton("Whole clip")
        fit.clicked.connect(lambda: self.timeline.fit_width(self.scroll.viewport().width()))
        shown.addWidget(fit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(shown)
        layout.addWidget(_heading("Events: onsets paired one-to-one within the tolerance"))
        layout.addWidget(self.events_table)
        layout.addWidget(_heading("Time units: both codings sampled at every time unit"))
        layout.addWidget(self.units_table)
        layout.addWidget(self.latency)
        layout.addWidget(_heading("What was matched"))
        layout.addWidget(self.scroll, 1)
        self.cancel_button.setEnabled(False)
        self.resize(1100, 760)

    def _connect(self) -> None:
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.worker.finished.connect(self._on_report)
        self.worker.failed.connect(self._on_failed)
        self.pair_combo.currentIndexChanged.connect(lambda _i: self._show_pair())
        self.family_combo.currentIndexChanged.connect(lambda _i: self._show_pair())
        self.timeline.frameChosen.connect(self.frameChosen)
        self.finished.connect(lambda _result: self.worker.shutdown())

    def _load_coders(self) -> None:
        people = coders_of_clip(self._library, self._clip.id)
        for number, person in enumerate(people):
            item = QListWidgetItem(person.display_name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if number < 2 else Qt.CheckState.Unchecked)
            self.coders.addItem(item)
        if len(people) < 2:
            self.compute_button.setEnabled(False)
            self.status.setText(
                "Agreement needs two coders' tags on this clip; "
                f"{'only ' + people[0].display_name + ' has' if people else 'nobody has'} "
                "tagged it so far."
            )

    def chosen_coders(self) -> list[str]:
        items = (self.coders.item(k) for k in range(self.coders.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    # -- computing -------------------------------------------------------------------------------
    def compute(self) -> None:
        try:
            source = load_codings(self._library, self._clip.id, self.chosen_coders())
        except LibraryError as error:
            self.status.setText(str(error))
            return
        self.status.setText("Computing…")
        self.cancel_button.setEnabled(True)
        self.compute_button.setEnabled(False)
        self.worker.compute(source, self.tolerance.value(), self.time_unit.value())

    def cancel(self) -> None:
        self.worker.cancel()
        self._idle("Cancelled.")

    def _idle(self, text: str) -> None:
        self.status.setText(text)
        self.cancel_button.setEnabled(False)
        self.compute_button.setEnabled(True)

    def _on_failed(self, text: str) -> None:
        self._idle(f"Not computed: {text}")

    def _on_report(self, report: AgreementReport) -> None:
        self._report = report
        times = "the frames' own times" if report.clip.source == "frame_index" else "frame / fps"
        self._idle(
            f"Tolerance {report.tolerance_s:g} s, time unit {report.time_unit_s:g} s, "
            f"{times}. Attune agreement from the command line gives the same figures as JSON."
        )
        self.pair_combo.blockSignals(True)
        self.pair_combo.clear()
        self.pair_combo.addItems([f"{p.a} and {p.b}" for p in report.pairs])
        self.pair_combo.blockSignals(False)
        self._show_pair()

    @property
    def report(self) -> AgreementReport | None:
        return self._report

    def _show_pair(self) -> None:
        if self._report is None or not self._report.pairs:
            return
        index = max(self.pair_combo.currentIndex(), 0)
        pair = self._report.pairs[index]
        data = report_as_json(self._report)
        figures = data["pairs"][index]
        self._fill_events(figures["event_based"], pair.a, pair.b)
        self._fill_units(figures["time_unit"], data["krippendorff_alpha"])
        latency = figures["latency"]
        self.latency.setText(
            f"Response latency, {latency['pairs']} cue-response pairs both marked: differs by "
            f"{_seconds(latency['mean_abs_difference_s'])} on average, "
            f"{_seconds(latency['max_abs_difference_s'])} at most."
        )
        self.timeline.set_comparison(
            pair, self._report.clip.end_s, self._report.tolerance_s, self._label_of
        )
        self.timeline.set_families(SHOWN_FAMILIES[self.family_combo.currentText()])
        self._last_difference_x = None

    def _fill_events(self, events: dict[str, dict[str, object]], a: str, b: str) -> None:
        headers = [c.format(a=a, b=b) for c in EVENT_COLUMNS]
        self.events_table.setHorizontalHeaderLabels(headers)
        header = self.events_table.horizontalHeader()
        for column in (3, 4):  # the coders' names: shown whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        rows = ("cue", "response", "overall")
        self.events_table.setVerticalHeaderLabels([FAMILY_NAMES[r] for r in rows])
        for row, name in enumerate(rows):
            f = events[name]
            values = [
                str(f["matched_pairs"]),
                str(f["agreements"]),
                str(f["disagreements"]),
                str(f["only_a"]),
                str(f["only_b"]),
                _percent(f["percent_agreement"]),
                _number(f["kappa"]),
            ]
            for column, text in enumerate(values):
                self.events_table.setItem(row, column, _cell(text))
        _fit_height(self.events_table)

    def _fill_units(self, units: dict[str, dict[str, object]], alpha: dict[str, object]) -> None:
        self.units_table.setHorizontalHeaderLabels(list(UNIT_COLUMNS))
        rows = ("cue", "response", "principle", "overall")
        self.units_table.setVerticalHeaderLabels([FAMILY_NAMES[r] for r in rows])
        for row, name in enumerate(rows):
            t = units[name]
            values = [
                str(t["units"]),
                _percent(t["percent_agreement"]),
                _number(t["kappa"]),
                _number(alpha[name]),
            ]
            for column, text in enumerate(values):
                self.units_table.setItem(row, column, _cell(text))
        _fit_height(self.units_table)

    def show_next_difference(self) -> float | None:
        """Scroll the comparison timeline to the next mark that is not an agreement, after the
        one shown last (wrapping to the first); returns its x, or None when all agree."""
        layout = self.timeline.layout_now
        if layout is None:
            return None
        xs = sorted({m.x for m in layout.marks if m.status != geo.AGREE})
        if not xs:
            self.status.setText("Every event was paired with the same code.")
            return None
        last = self._last_difference_x
        x = next((x for x in xs if last is None or x > last + 0.5), xs[0])
        self._last_difference_x = x
        self.scroll.horizontalScrollBar().setValue(int(x - self.scroll.viewport().width() / 2))
        return x

    def shutdown(self) -> None:
        self.worker.shutdown()


def _seconds_box(value: float, low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(2)
    box.setSingleStep(step)
    box.setSuffix(" s")
    box.setValue(value)
    return box


def _table(rows: int, columns: int) -> QTableWidget:
    table = QTableWidget(rows, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fit_height(table: QTableWidget) -> None:
    """Every row in view: the headers' height plus the rows', no scroll bar."""
    table.resizeRowsToContents()
    header = table.horizontalHeader()
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(header.sizeHint().height() + rows + 2 * table.frameWidth() + 2)


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _number(value: object) -> str:
    return "n/a" if value is None else f"{float(value):.2f}"  # type: ignore[arg-type]


def _percent(value: object) -> str:
    return "n/a" if value is None else f"{float(value):.0f}%"  # type: ignore[arg-type]


def _seconds(value: object) -> str:
    return "n/a" if value is None else f"{float(value):.2f} s"  # type: ignore[arg-type]
