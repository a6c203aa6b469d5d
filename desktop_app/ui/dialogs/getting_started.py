"""The "Getting started" guide: the first month in five steps, each with a button that takes
the user straight to the place where it is done, ticked off once the store shows it was done.

It shows itself once, at the first start, and never blocks the window: the merchant works
beside it (Help → Getting started, F1, brings it back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.onboarding import SetupStep


@dataclass(frozen=True)
class Step:
    key: str  # services.onboarding.STEP_KEYS: what the store must show for the tick
    title: str
    text: str
    action: str  # what `go_requested` carries: a main-window action name
    button: str


STEPS = [
    Step(
        "profile",
        "Enter your shop's profile",
        "<p>Your shop's name, address and tax id are printed on every statement. Choose your "
        "<b>base currency</b>, <b>time zone</b> and the statements' <b>language</b> from their "
        "lists, and the holding period and minimum payout of your program.</p>",
        "show_settings",
        "Open Settings",
    ),
    Step(
        "partners",
        "Add your partners",
        "<p>Partners are the bloggers, coupon and review sites you pay. Give each one the "
        "<b>codes</b> that appear in your order exports (tracking id, coupon code or sub-id), "
        "a type such as <i>Tech blog</i>, and how you pay them.</p>"
        "<p>Shortcut: <b>Ctrl+N</b> adds a partner from anywhere. An import can also create "
        "the partners it finds.</p>",
        "new_partner",
        "Add a partner",
    ),
    Step(
        "plans",
        "Set the commission plans",
        "<p>Choose the rates per partner type, or for one partner: a flat rate or tiers by "
        "order amount, by the month's sales or by the number of orders. Plans are set once and "
        "only change when your program changes.</p>",
        "show_plans",
        "Open commission plans",
    ),
    Step(
        "import",
        "Import the month's orders",
        "<p>Export last month's orders from your marketplace or shop (.xlsx or .csv) and "
        "import the file. Map the columns once; the mapping is remembered for next month. "
        "Importing the same file twice changes nothing.</p>"
        "<p>Clicks (with impressions, for the click-through rate) and refunds are imported the "
        "same way. Shortcut: <b>Ctrl+I</b>.</p>",
        "import_orders",
        "Import orders",
    ),
    Step(
        "first_run",
        "Create the first payout run",
        "<p>A payout run computes every partner's commission for the month, with holding "
        "periods, refunds and the minimum payout. Review it, recalculate as often as you "
        "like, then <b>lock</b> it: a locked run never changes. From a locked run, export the "
        "PDF statements and the payment file.</p>"
        "<p>The <b>Dashboard</b> (Ctrl+1) then shows how the month went.</p>",
        "show_runs",
        "Open payout runs",
    ),
]

Progress = Callable[[], list[SetupStep]]


class GettingStartedDialog(QDialog):
    """`go_requested(action)` asks the main window to run one of its actions. `progress`
    reads the store's setup progress (services.onboarding); the steps are ticked from it."""

    go_requested = Signal(str)

    def __init__(self, progress: Progress | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = progress
        self.setWindowTitle("Getting started with Payout Desk")
        self.setObjectName("gettingStarted")
        self.setModal(False)  # the merchant works beside it
        self.setSizeGripEnabled(True)
        self.resize(720, 400)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.steps = QListWidget()
        self.steps.setFixedWidth(260)
        self.steps.setSpacing(3)
        self.steps.setObjectName("guideSteps")
        self.pages = QStackedWidget()
        self.done_labels: list[QLabel] = []
        for number, step in enumerate(STEPS, start=1):
            self.steps.addItem(f"{number}. {step.title}")
            item = self.steps.item(number - 1)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)  # the store ticks
            page = QWidget()
            text = QLabel(f"<h3>{number}. {step.title}</h3>{step.text}")
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignTop)
            done = QLabel()
            done.setObjectName("stepDone")
            self.done_labels.append(done)
            go = QPushButton(step.button)
            go.setAutoDefault(False)
            go.clicked.connect(lambda _c=False, action=step.action: self._go(action))
            inner = QVBoxLayout(page)
            inner.addWidget(text, 1)
            inner.addWidget(done)
            row = QHBoxLayout()
            row.addWidget(go)
            row.addStretch(1)
            inner.addLayout(row)
            self.pages.addWidget(page)
        self.steps.currentRowChanged.connect(self._show_step)

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
        reopen = QLabel("Help → Getting started (F1) opens this guide again.")
        reopen.setObjectName("guideReopen")
        bottom.addWidget(reopen)
        bottom.addStretch(1)
        for button in (self.back_button, self.next_button, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.refresh()
        self.steps.setCurrentRow(self.first_open_step())

    def data_changed(self, _changes: object, _source: object) -> None:
        """Any announced change (ui/events.py) may tick a step off."""
        self.refresh()

    def refresh(self) -> None:
        """Tick the steps the store shows done (called on data changes and when the guide
        comes to the front)."""
        found = {s.key: s for s in self.progress()} if self.progress is not None else {}
        for row, step in enumerate(STEPS):
            state = found.get(step.key)
            done = state is not None and state.done
            self.steps.item(row).setCheckState(
                Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
            )
            self.done_labels[row].setText(
                f"<span style='color:#1b7f3b'>✓ Done: {state.detail}.</span>"
                if done and state is not None
                else ""
            )
        count = self.done_count()
        self.intro.setText(
            "<h2>Your first month</h2>"
            + (
                f"{count} of {len(STEPS)} steps done: each is ticked once your store shows it."
                if count < len(STEPS)
                else "All five steps are done: this is your routine each month."
            )
        )

    def done_count(self) -> int:
        return sum(
            1
            for row in range(self.steps.count())
            if self.steps.item(row).checkState() == Qt.CheckState.Checked
        )

    def first_open_step(self) -> int:
        for row in range(self.steps.count()):
            if self.steps.item(row).checkState() != Qt.CheckState.Checked:
                return row
        return 0

    def step(self) -> int:
        return self.steps.currentRow()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh()

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
        """Go there, the guide staying open beside the window to tick the step off."""
        self.go_requested.emit(action)
