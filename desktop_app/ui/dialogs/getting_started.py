"""The "Getting started" guide: the monthly routine in five steps, each with a button that
takes the user straight to the place where it is done."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    action: str  # what `go_requested` carries: a main-window action name
    button: str


STEPS = [
    Step(
        "Add your partners",
        "<p>Partners are the bloggers, coupon and review sites you pay. Give each one the "
        "<b>codes</b> that appear in your order exports (tracking id, coupon code or sub-id), "
        "a type such as <i>Tech blog</i>, and how you pay them.</p>"
        "<p>Shortcut: <b>Ctrl+N</b> adds a partner from anywhere.</p>",
        "new_partner",
        "Add a partner",
    ),
    Step(
        "Import the month's orders",
        "<p>Export last month's orders from your marketplace or shop (.xlsx or .csv) and "
        "import the file. Map the columns once; the mapping is remembered for next month. "
        "Importing the same file twice changes nothing.</p>"
        "<p>Clicks and refunds are imported the same way. Shortcut: <b>Ctrl+I</b>.</p>",
        "import_orders",
        "Import orders",
    ),
    Step(
        "Set the commission plans",
        "<p>Choose the rates per partner type, or for one partner: a flat rate or tiers by "
        "order amount, by the month's sales or by the number of orders. Plans are set once and "
        "only change when your program changes.</p>",
        "show_plans",
        "Open commission plans",
    ),
    Step(
        "Create and lock the payout run",
        "<p>A payout run computes every partner's commission for the month, with holding "
        "periods, refunds and the minimum payout. Review it, recalculate as often as you "
        "like, then <b>lock</b> it: a locked run never changes.</p>",
        "show_runs",
        "Open payout runs",
    ),
    Step(
        "Send the statements",
        "<p>From a locked run, export one PDF statement per partner (they add up to the "
        "cent) and the payment file for your bank or PayPal mass payment.</p>"
        "<p>The <b>Dashboard</b> (Ctrl+1) then shows how the month went.</p>",
        "show_runs",
        "Open payout runs",
    ),
]


class GettingStartedDialog(QDialog):
    """`go_requested(action)` asks the main window to run one of its actions."""

    go_requested = Signal(str)

    def __init__(self, show_at_start: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Getting started with Payout Desk")
        self.resize(700, 380)
        intro = QLabel(
            "<h2>Your monthly routine</h2>Five steps, once a month. "
            "You can open this guide again from Help → Getting started (F1)."
        )
        intro.setWordWrap(True)
        self.steps = QListWidget()
        self.steps.setFixedWidth(240)
        self.steps.setSpacing(3)
        self.steps.setObjectName("guideSteps")
        self.pages = QStackedWidget()
        for number, step in enumerate(STEPS, start=1):
            self.steps.addItem(f"{number}. {step.title}")
            page = QWidget()
            text = QLabel(f"<h3>{number}. {step.title}</h3>{step.text}")
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignTop)
            go = QPushButton(step.button)
            go.setAutoDefault(False)
            go.clicked.connect(lambda _c=False, action=step.action: self._go(action))
            inner = QVBoxLayout(page)
            inner.addWidget(text, 1)
            row = QHBoxLayout()
            row.addWidget(go)
            row.addStretch(1)
            inner.addLayout(row)
            self.pages.addWidget(page)
        self.steps.currentRowChanged.connect(self._show_step)

        self.show_at_start = QCheckBox("&Show this guide when Payout Desk starts")
        self.show_at_start.setChecked(show_at_start)
        self.back_button = QPushButton("&Back")
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(lambda: self.steps.setCurrentRow(self.step() - 1))
        self.next_button = QPushButton("&Next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._next)
        close = QPushButton("&Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)

        middle = QHBoxLayout()
        middle.addWidget(self.steps)
        middle.addWidget(self.pages, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_at_start)
        bottom.addStretch(1)
        for button in (self.back_button, self.next_button, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.steps.setCurrentRow(0)

    def step(self) -> int:
        return self.steps.currentRow()

    def _show_step(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        self.back_button.setEnabled(row > 0)
        last = row == len(STEPS) - 1
        self.next_button.setText("&Done" if last else "&Next")

    def _next(self) -> None:
        if self.step() == len(STEPS) - 1:
            self.accept()
        else:
            self.steps.setCurrentRow(self.step() + 1)

    def _go(self, action: str) -> None:
        self.accept()
        self.go_requested.emit(action)
