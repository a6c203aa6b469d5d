"""In-app viewer for a rendered statement (QtPdf), with zoom, page count, save and print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.statements.render import write_pdf

PrintHandler = Callable[[QWidget], Any]


class StatementPreviewDialog(QDialog):
    """Shows PDF bytes; "Print…" calls back so the caller decides what printing means."""

    def __init__(
        self,
        data: bytes,
        title: str,
        file_name: str,
        parent: QWidget | None = None,
        *,
        on_print: PrintHandler | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(860, 980)
        self.data = data
        self.file_name = file_name
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        self.page_label = QLabel(self)
        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._show_page)
        self._show_page(0)

        zoom_in = QPushButton("Zoom in", self)
        zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        zoom_in.clicked.connect(lambda: self._zoom(1.25))
        zoom_out = QPushButton("Zoom out", self)
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        zoom_out.clicked.connect(lambda: self._zoom(0.8))
        fit = QPushButton("Fit width", self)
        fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        save = QPushButton("Save as PDF…", self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.clicked.connect(self.save_as)
        self.print_button = QPushButton("Print…", self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setEnabled(on_print is not None)
        if on_print is not None:
            self.print_button.clicked.connect(lambda: on_print(self))
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)

        bar = QHBoxLayout()
        for widget in (zoom_out, zoom_in, fit):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        for widget in (save, self.print_button, close):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def _show_page(self, page: int) -> None:
        self.page_label.setText(f"Page {page + 1} of {self.page_count}")

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(self.view.zoomFactor() * factor, 6.0)))

    def go_to_page(self, page: int) -> None:
        self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())

    def save_as(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save statement", self.file_name, "PDF documents (*.pdf)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            write_pdf(path, self.data)
        except OSError as exc:
            QMessageBox.warning(self, "Save statement", f"Could not write {path}: {exc}")
