"""The Unicode font statements are printed in (DejaVu Sans, shipped in resources/fonts).

The standard PDF fonts only cover Latin-1, so "Łukasiewicz" or "Дмитрий" would print as
boxes; the TTF is embedded (as a subset) in every statement instead.
"""

from __future__ import annotations

import zlib
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    makeToUnicodeCMap,
)

FONTS_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"
REGULAR = "PayoutDeskSans"
BOLD = "PayoutDeskSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


@cache
def register_fonts() -> tuple[str, str]:
    """Register the statement fonts with reportlab once per process; returns (regular, bold)."""
    for name, file_name in _FILES.items():
        path = FONTS_DIR / file_name
        if not path.is_file():
            raise FileNotFoundError(f"statement font missing: {path} (reinstall Payout Desk)")
        font = TTFont(name, str(path))
        font.__class__ = _Font
        font.face.__class__ = _Face
        pdfmetrics.registerFont(font)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD


class _Font(TTFont):  # type: ignore[misc]
    """reportlab's TrueType font, with each subset's widths and ToUnicode map written (and
    compressed) once per process rather than once per document; the PDF objects are the ones
    `TTFont.addObjects` makes (reportlab 4.x and 5.x), byte for byte."""

    def addObjects(self, doc: Any) -> None:
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            base_font_name = base_name.decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_font_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            widths, cmap = _subset_tables(self.face, base_font_name, tuple(subset))
            pdf_font.Widths = _Formatted(widths)
            cmap_stream = pdfdoc.PDFStream()
            if doc.compression:
                cmap_stream.content = _packed(cmap)
                cmap_stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
            else:
                cmap_stream.content = cmap
            pdf_font.ToUnicode = doc.Reference(cmap_stream, "toUnicodeCMap:" + base_font_name)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_font_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del self.state[doc]


class _Formatted(pdfdoc.PDFObject):  # type: ignore[misc]
    """A PDF value already formatted (a subset's widths)."""

    def __init__(self, formatted: bytes) -> None:
        self.formatted = formatted

    def format(self, _document: Any) -> bytes:
        return self.formatted


@lru_cache(maxsize=64)
def _subset_tables(face: Any, base_font_name: str, subset: tuple[int, ...]) -> tuple[bytes, str]:
    widths = pdfdoc.PDFArray(list(map(face.getCharWidth, subset)))
    return widths.format(None), makeToUnicodeCMap(base_font_name, list(subset))


@lru_cache(maxsize=64)
def _packed(text: str) -> bytes:
    return zlib.compress(text.encode("utf8"))


class _Face(TTFontFace):  # type: ignore[misc]
    """reportlab's font face, with each subset's font file made and compressed once per process
    rather than once per document: statements of one run use the same characters in the same
    order, so most documents embed the very same subsets. The PDF objects are the ones
    `TTFontFace.addSubsetObjects` makes (reportlab 4.x and 5.x), byte for byte."""

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        raw, packed = _font_file(self, tuple(subset))
        font_file = pdfdoc.PDFStream()
        font_file.dictionary["Length1"] = len(raw)
        if doc.compression:  # what PDFStream.format would do with the Flate filter
            font_file.content = packed
            font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        else:
            font_file.content = raw
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": font_file_ref,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


@lru_cache(maxsize=64)
def _font_file(face: _Face, subset: tuple[int, ...]) -> tuple[bytes, bytes]:
    raw = face.makeSubset(list(subset))
    return raw, zlib.compress(raw)
