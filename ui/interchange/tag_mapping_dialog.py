"""The mapping dialog: for each tier (or BORIS subject) what it becomes on a tag, and for each
of its values which scheme code; a line says what will be left out."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attune_app.interchange.codebook import CodeBook
from attune_app.interchange.mapping import TagMapping, TierMapping

TARGETS = (
    ("", "Leave out"),
    ("cue", "Infant cue"),
    ("response", "Parent response"),
    ("principle", "Principle"),
    ("note", "Note (the text)"),
)
_GUESSES = {
    "cue": ("cue", "infant", "baby", "child"),
    "response": ("response", "parent", "mum", "mother", "dad", "father", "carer"),
    "principle": ("principle",),
    "note": ("note", "comment"),
}


class TagMappingDialog(QDialog):
    """GUI thread only."""

    def __init__(
        self,
        name: str,
        layers: dict[str, Counter[str]],
        codebook: CodeBook,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import tags from {name}")
        self.setObjectName("TagMappingDialog")
        self._layers = layers
        self._codebook = codebook
        self._codes: dict[str, dict[str, str]] = {}  # tier -> value -> code key ("" = out)
        self.value_combos: dict[str, QComboBox] = {}  # of the tier on show
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Choose what each tier becomes on a tag, then a scheme code for each of its values."
            )
        )
        self.tiers = QTableWidget(len(layers), 3)
        self.tiers.setHorizontalHeaderLabels(["Tier", "Annotations", "Import as"])
        self.target_combos: dict[str, QComboBox] = {}
        for row, (tier, values) in enumerate(layers.items()):
            self.tiers.setItem(row, 0, QTableWidgetItem(tier))
            self.tiers.setItem(row, 1, QTableWidgetItem(str(sum(values.values()))))
            combo = QComboBox()
            for key, label in TARGETS:
                combo.addItem(label, key)
            combo.setCurrentIndex(combo.findData(_guess(tier)))
            combo.currentIndexChanged.connect(lambda _i, t=tier: self._target_changed(t))
            self.tiers.setCellWidget(row, 2, combo)
            self.target_combos[tier] = combo
        self.tiers.currentCellChanged.connect(lambda row, *_: self._show_values(row))
        layout.addWidget(self.tiers)
        layout.addWidget(QLabel("Values of the chosen tier:"))
        self.values = QTableWidget(0, 3)
        self.values.setHorizontalHeaderLabels(["Value", "Times", "Scheme code"])
        layout.addWidget(self.values)
        for table in (self.tiers, self.values):
            table.verticalHeader().hide()
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            header = table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        self.left_out.setObjectName("LeftOutLabel")
        layout.addWidget(self.left_out)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for tier in layers:
            self._guess_codes(tier)
        if layers:
            self.tiers.setCurrentCell(0, 0)
            self._show_values(0)
        self._update_left_out()
        self.resize(720, 600)

    # -- choices ----------------------------------------------------------------------------
    def set_target(self, tier: str, target: str) -> None:
        combo = self.target_combos[tier]
        combo.setCurrentIndex(combo.findData(target))

    def set_code(self, tier: str, value: str, code: str) -> None:
        self._codes[tier][value] = code
        if self._shown_tier() == tier and value in self.value_combos:
            combo = self.value_combos[value]
            combo.setCurrentIndex(max(0, combo.findData(code)))
        self._update_left_out()

    def mapping(self) -> TagMapping:
        tiers = {}
        for tier, combo in self.target_combos.items():
            target = str(combo.currentData() or "")
            if not target:
                continue
            values = {}
            if target != "note":
                values = {v: code for v, code in self._codes[tier].items() if code}
            tiers[tier] = TierMapping(target, values)
        return TagMapping(tiers)

    def left_out_text(self) -> str:
        return self.left_out.text()

    # -- internals --------------------------------------------------------------------------
    def _shown_tier(self) -> str | None:
        row = self.tiers.currentRow()
        tiers = list(self._layers)
        return tiers[row] if 0 <= row < len(tiers) else None

    def _target_changed(self, tier: str) -> None:
        self._guess_codes(tier)
        self._show_values(self.tiers.currentRow())
        self._update_left_out()

    def _guess_codes(self, tier: str) -> None:
        target = str(self.target_combos[tier].currentData() or "")
        self._codes[tier] = {v: self._guess_code(target, v) for v in self._layers[tier]}

    def _guess_code(self, target: str, value: str) -> str:
        if target not in ("cue", "response", "principle"):
            return ""
        wanted = value.strip().lower()
        for entry in self._codebook.codes_for(target):
            if wanted in (entry.code.key, entry.code.label.lower()):
                return entry.code.key
        return ""

    def _show_values(self, row: int) -> None:
        tiers = list(self._layers)
        self.values.setRowCount(0)  # the table deletes the combos it held
        self.value_combos = {}
        if not 0 <= row < len(tiers):
            return
        tier = tiers[row]
        target = str(self.target_combos[tier].currentData() or "")
        values = self._layers[tier]
        self.values.setRowCount(len(values))
        for r, (value, count) in enumerate(values.most_common()):
            self.values.setItem(r, 0, QTableWidgetItem(value or "(empty)"))
            self.values.setItem(r, 1, QTableWidgetItem(str(count)))
            if target in ("cue", "response", "principle"):
                combo = QComboBox()
                combo.addItem("Leave out", "")
                for entry in self._codebook.codes_for(target):
                    combo.addItem(f"{entry.code.label} ({entry.group_label})", entry.code.key)
                combo.setCurrentIndex(max(0, combo.findData(self._codes[tier].get(value, ""))))
                combo.currentIndexChanged.connect(
                    lambda _i, t=tier, v=value, c=combo: self._code_chosen(t, v, c)
                )
                self.values.setCellWidget(r, 2, combo)
                self.value_combos[value] = combo
            else:
                text = "the text is the note" if target == "note" else ""
                self.values.setItem(r, 2, QTableWidgetItem(text))

    def _code_chosen(self, tier: str, value: str, combo: QComboBox) -> None:
        self._codes[tier][value] = str(combo.currentData() or "")
        self._update_left_out()

    def _update_left_out(self) -> None:
        out = []
        mapping = self.mapping()
        for tier, values in self._layers.items():
            rule = mapping.tiers.get(tier)
            if rule is None:
                out.append(f"tier '{tier}' ({sum(values.values())})")
                continue
            if rule.target == "note":
                continue
            missing = [v for v in values if v not in rule.values]
            if missing:
                out.append(f"'{tier}' values {', '.join(repr(v) for v in missing)}")
        self.left_out.setText(
            "Left out: " + "; ".join(out) if out else "Everything in the file will be imported."
        )


def _guess(tier: str) -> str:
    name = tier.lower()
    for target, words in _GUESSES.items():
        if any(word in name for word in words):
            return target
    return ""
