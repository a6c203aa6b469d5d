"""Draw the Payout Desk application icon with QPainter and save it as PNG files.

Run from the repository root: `python resources/icons/make_icon.py` (works offscreen). The
icon is a rounded blue tile with a white ledger sheet, three bars rising like a payout chart,
and an amber coin.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QLinearGradient, QPainter, QPen

HERE = Path(__file__).resolve().parent
SIZES = (256, 64, 32)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)

    tile = QLinearGradient(QPointF(0, 0), QPointF(0, 256))
    tile.setColorAt(0, QColor("#3b82d6"))
    tile.setColorAt(1, QColor("#1f4f9a"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(tile)
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48)

    # the ledger sheet
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(48, 40, 132, 168), 14, 14)
    p.setPen(QPen(QColor("#c9d6ea"), 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for y in (72, 92):
        p.drawLine(QPointF(68, y), QPointF(160, y))

    # rising bars
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2f6fbf"))
    for i, height in enumerate((34, 56, 80)):
        x = 68 + i * 32
        p.drawRoundedRect(QRectF(x, 188 - height, 22, height), 4, 4)

    # the coin
    p.setBrush(QColor("#f2a93b"))
    p.setPen(QPen(QColor("#ffffff"), 8))
    p.drawEllipse(QPointF(184, 176), 46, 46)
    p.setPen(QColor("#ffffff"))
    font = QFont("DejaVu Sans")
    font.setPixelSize(58)
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(138, 130, 92, 92), Qt.AlignmentFlag.AlignCenter, "$")
    p.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        name = "payout-desk.png" if size == 256 else f"payout-desk-{size}.png"
        if not draw(size).save(str(HERE / name)):
            print(f"could not write {name}", file=sys.stderr)
            return 1
        print(HERE / name)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
