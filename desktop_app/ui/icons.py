"""The sidebar's screen icons, drawn with QPainter in the palette's text colour, so they need no
image files and follow the light or dark theme."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

SIZE = 64  # drawn on a 64×64 canvas; Qt scales it to the icon size

Drawing = Callable[[QPainter], None]


def _bars(p: QPainter) -> None:
    for x, top in ((10, 34), (27, 14), (44, 24)):
        p.drawRoundedRect(QRectF(x, top, 11, 52 - top), 2, 2)
    p.drawLine(QPointF(6, 56), QPointF(58, 56))


def _people(p: QPainter) -> None:
    for cx, scale in ((22.0, 1.0), (42.0, 0.85)):
        p.drawEllipse(QPointF(cx, 22 * scale + 4), 8 * scale, 8 * scale)
        body = QPainterPath()
        body.moveTo(cx - 14 * scale, 54)
        body.cubicTo(cx - 14 * scale, 32, cx + 14 * scale, 32, cx + 14 * scale, 54)
        p.drawPath(body)


def _receipt(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(14, 8, 36, 48), 4, 4)
    for y in (20, 30, 40):
        p.drawLine(QPointF(21, y), QPointF(43, y))


def _percent(p: QPainter) -> None:
    p.drawEllipse(QPointF(20, 20), 7, 7)
    p.drawEllipse(QPointF(44, 44), 7, 7)
    p.drawLine(QPointF(46, 12), QPointF(18, 52))


def _banknote(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(6, 16, 52, 32), 4, 4)
    p.drawEllipse(QPointF(32, 32), 8, 8)
    p.drawLine(QPointF(13, 24), QPointF(13, 40))
    p.drawLine(QPointF(51, 24), QPointF(51, 40))


def _gear(p: QPainter) -> None:
    p.drawEllipse(QPointF(32, 32), 7, 7)
    p.drawEllipse(QPointF(32, 32), 17, 17)
    p.save()
    p.translate(32, 32)
    for _ in range(8):
        p.drawLine(QPointF(0, -17), QPointF(0, -25))
        p.rotate(45)
    p.restore()


def _page(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(14, 8, 36, 48), 3, 3)
    p.drawLine(QPointF(21, 22), QPointF(43, 22))
    p.drawLine(QPointF(21, 32), QPointF(37, 32))


DRAWINGS: dict[str, Drawing] = {
    "dashboard": _bars,
    "partners": _people,
    "orders": _receipt,
    "plans": _percent,
    "runs": _banknote,
    "statements": _page,
    "settings": _gear,
}


def screen_icon(key: str, colour: QColor) -> QIcon:
    """The icon of screen `key` (a plain page for a screen without its own drawing)."""
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, 4.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    DRAWINGS.get(key, _page)(painter)
    painter.end()
    icon = QIcon(pixmap)
    selected = QPixmap(SIZE, SIZE)  # on the highlighted row: white on the selection colour
    selected.fill(Qt.GlobalColor.transparent)
    painter = QPainter(selected)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen.setColor(QColor("white"))
    painter.setPen(pen)
    DRAWINGS.get(key, _page)(painter)
    painter.end()
    icon.addPixmap(selected, QIcon.Mode.Selected)
    return icon
