"""A screen that says what will be here, for features still being built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.store.database import Store


def placeholder(title: str, text: str) -> type[QWidget]:
    class PlaceholderScreen(QWidget):
        def __init__(self, store: Store, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            layout = QVBoxLayout(self)
            heading = QLabel(
                f"<h2>{title}</h2><p>{text}</p><p><i>Coming in a later version.</i></p>"
            )
            heading.setWordWrap(True)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            heading.setObjectName("emptyState")
            layout.addWidget(heading)

    PlaceholderScreen.__name__ = f"{title.replace(' ', '')}Placeholder"
    return PlaceholderScreen
