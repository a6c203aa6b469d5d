"""Reading rows out of spreadsheet files: python-calamine first, openpyxl (hardened by
defusedxml) as the fallback, and a streaming CSV reader that detects encoding and delimiter.

Files are recognised by their first bytes, not their names, so a text file renamed .xlsx gets a
clear message instead of a parser's stack trace. Rows stream: memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.errors import UserError

MAX_FILE_BYTES = 1024 * 1024 * 1024
MAX_UNZIPPED_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200  # an export compresses ~10x; a zip bomb compresses thousands of times
CSV_SHEET = ""  # a CSV file has one unnamed sheet
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
Row = list[Any]


class ImportFileError(UserError):
    """The file as a whole cannot be imported; the message names it."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{Path(path).name}: {message}")
        self.file = Path(path).name
        self.detail = message


def file_kind(path: Path) -> str:
    """'zip' (xlsx/ods), 'ole' (xls) or 'text' (csv), checked from the first bytes."""
    try:
        if not path.is_file():
            raise ImportFileError(path, "the file does not exist or is not a file")
        size = path.stat().st_size
        if size == 0:
            raise ImportFileError(path, "the file is empty (0 bytes)")
        if size > MAX_FILE_BYTES:
            raise ImportFileError(path, f"the file is {size // 2**20} MB; the limit is 1024 MB")
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:  # a name too long, no permission…
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head == OLE_MAGIC:
        return "ole"
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xlsb", ".ods"}:
        raise ImportFileError(
            path,
            f"is not a {path.suffix.lower()} workbook (it is not a zip archive); "
            "export the file again or save it as .xlsx",
        )
    if path.suffix.lower() == ".xls" and b"<" not in head:
        raise ImportFileError(path, "is not an Excel .xls workbook; export it again")
    return "text"


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(path, f"the workbook is damaged or truncated ({exc})") from None
    if not ({"[Content_Types].xml", "mimetype"} & names):
        raise ImportFileError(path, "is a zip archive but not an Excel or OpenDocument workbook")
    unzipped = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_ZIP_RATIO:
        raise ImportFileError(
            path, "unpacks to an implausible size (a zip bomb?); refused for safety"
        )


def sheet_names(path: Path) -> list[str]:
    kind = file_kind(path)
    if kind == "text":
        return [CSV_SHEET]
    if kind == "zip":
        _check_zip(path)
    try:
        return list(_calamine(path).sheet_names)
    except Exception:
        if kind != "zip":
            raise ImportFileError(path, "the workbook cannot be read (damaged?)") from None
    return _openpyxl_sheets(path)


def estimate_rows(path: Path) -> int:
    """Roughly how many rows a file holds, for the progress bar (0: unknown)."""
    try:
        if file_kind(path) != "text":
            return 0
        with path.open("rb") as handle:
            sample = handle.read(256 * 1024)
        lines = max(1, sample.count(b"\n"))
        return max(1, path.stat().st_size * lines // max(1, len(sample)))
    except (ImportFileError, OSError):
        return 0


def iter_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[Row]]:
    """(sheet name used, rows from the top of that sheet); the first sheet when None."""
    kind = file_kind(path)
    if kind == "text":
        return CSV_SHEET, _csv_rows(path)
    if kind == "zip":
        _check_zip(path)
    try:
        workbook = _calamine(path)
        names = list(workbook.sheet_names)
        name = _pick_sheet(path, names, sheet)
        return name, _calamine_rows(path, workbook, name)
    except ImportFileError:
        raise
    except Exception:
        if kind != "zip":
            raise ImportFileError(path, "the workbook cannot be read (damaged?)") from None
    return _openpyxl_rows(path, sheet)


def _pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    if not names:
        raise ImportFileError(path, "the workbook has no sheets")
    if sheet is None or sheet == "":
        return names[0]
    if sheet not in names:
        raise ImportFileError(path, f"has no sheet named '{sheet}' (sheets: {', '.join(names)})")
    return sheet


def _calamine(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path))


def _calamine_rows(path: Path, workbook: Any, name: str) -> Iterator[Row]:
    try:
        sheet = workbook.get_sheet_by_name(name)
        # iter_rows starts at the first used cell; pad so row numbers match the spreadsheet.
        start = sheet.start
        if start is not None:
            yield from ([] for _ in range(start[0]))
        yield from sheet.iter_rows()  # each row is a new list already
    except Exception as exc:
        raise ImportFileError(path, f"sheet '{name}' cannot be read ({exc})") from None


def _openpyxl_book(path: Path) -> Any:
    import defusedxml  # noqa: F401 - openpyxl hardens its XML parsing when this is importable
    import openpyxl
    from defusedxml import DefusedXmlException

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except DefusedXmlException:
        raise ImportFileError(
            path, "contains XML entity declarations (an XML bomb?); refused for safety"
        ) from None
    except Exception as exc:
        raise ImportFileError(path, f"the workbook is damaged or not a workbook ({exc})") from None


def _openpyxl_sheets(path: Path) -> list[str]:
    book = _openpyxl_book(path)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _openpyxl_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[Row]]:
    book = _openpyxl_book(path)
    name = _pick_sheet(path, list(book.sheetnames), sheet)

    def rows() -> Iterator[Row]:
        try:
            for values in book[name].iter_rows(values_only=True):
                yield ["" if v is None else v for v in values]
        except Exception as exc:
            raise ImportFileError(path, f"the workbook is damaged ({exc})") from None
        finally:
            book.close()

    return name, rows()


# CSV ------------------------------------------------------------------------------------------
def detect_encoding(path: Path) -> str:
    """utf-8-sig when there is a BOM, utf-8 when the whole file decodes, else Windows-1252."""
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        fallback = codecs.getincrementaldecoder("cp1252")()
        encoding = "utf-8"
        while chunk := handle.read(1 << 20):
            if b"\x00" in chunk:
                raise ImportFileError(
                    path,
                    "contains NUL bytes: it is UTF-16 text or not a text file at all; "
                    "save it as CSV UTF-8",
                )
            if encoding == "utf-8":
                try:
                    decoder.decode(chunk)
                    continue
                except UnicodeDecodeError:
                    encoding = "cp1252"
                    handle.seek(0)
                    continue
            try:
                fallback.decode(chunk)
            except UnicodeDecodeError:
                raise ImportFileError(
                    path, "is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8"
                ) from None
        if encoding == "utf-8":
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return "cp1252"
    return encoding


def detect_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t", "|"):
        counts = [line.count(delimiter) for line in lines]
        if not counts or max(counts) == 0:
            continue
        # the delimiter appears often and about equally often on every line
        score = min(counts) * 10 + sum(counts) // len(counts)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(path: Path) -> Iterator[Row]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        sample = handle.read(64 * 1024)
        if len(sample) == 64 * 1024 and "\n" not in sample:
            raise ImportFileError(
                path, "the first line is longer than 64 KB; this is not a CSV export"
            )
        handle.seek(0)
        reader = csv.reader(handle, delimiter=detect_delimiter(sample))
        try:
            yield from reader
        except csv.Error as exc:
            raise ImportFileError(path, f"row {reader.line_num}: {exc}") from None
