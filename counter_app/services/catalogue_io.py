"""Catalogue files on disk: reading and writing XLSX workbooks (openpyxl) and JSON documents.

The checking itself is pure domain code (domain.catalogue_io); this module only turns files into sheets of cell
values or a decoded document, and back. The format follows the file's extension: .xlsx or .json.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from counter_app.domain.catalogue import FieldOfWork, Procedure
from counter_app.domain.catalogue_io import (
    SHEET_DOCUMENTS,
    SHEET_FEES,
    SHEET_FIELDS,
    SHEET_PROCEDURES,
    CatalogueData,
    CatalogueFileError,
    ImportIssue,
    catalogue_to_json,
    catalogue_to_tables,
    parse_json_document,
    parse_tables,
)
from counter_app.store.failures import human_size

FORMATS = {".xlsx": "xlsx", ".json": "json"}
# Bounds on what an import reads (a real catalogue: ~2,000 procedures, a few MB): a file, what an XLSX unpacks
# to (a 200 MB cell compresses into a few hundred KB), and one cell. Checked before or while reading, never after.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 10_000
# Column widths (characters) for a readable exported workbook; the importer does not care.
WIDTHS = {
    SHEET_FIELDS: [14, 60],
    SHEET_PROCEDURES: [26, 70, 12, 14, 10, 16, 26, 12, 40, 16, 50, 40, 14, 14],
    SHEET_DOCUMENTS: [26, 6, 80, 30, 10, 10],
    SHEET_FEES: [26, 12, 50, 16, 16, 70],
}


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise CatalogueFileError(
            [ImportIssue(f"Không nhận dạng được định dạng tệp '{path.name}': chỉ nhận tệp .xlsx hoặc .json.")]
        )
    return fmt


def _fail(message: str) -> CatalogueFileError:
    return CatalogueFileError([ImportIssue(message)])


def read_workbook(path: Path) -> dict[str, list[tuple]]:
    """Every sheet of an XLSX file as rows of cell values (formulas as their last computed value)."""
    from openpyxl import load_workbook

    _check_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except FileNotFoundError:
        raise _fail(f"Không tìm thấy tệp '{path}'.") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(f"Không đọc được tệp '{path.name}' như một bảng tính Excel (.xlsx): {exc}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _fail(
            f"Tệp '{path.name}' giải nén ra {human_size(unpacked)}, quá {human_size(MAX_UNPACKED_BYTES)} cho phép; "
            "không đọc."
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise _fail(f"Không tìm thấy tệp '{path}'.") from None
    except Exception as exc:  # a bad zip, malformed workbook XML, an entity bomb refused by the parser
        raise _fail(
            f"Không đọc được tệp '{path.name}' như một bảng tính Excel (.xlsx): nội dung bảng tính hỏng "
            f"({type(exc).__name__}: {exc})."
        ) from None
    try:
        return {ws.title: _rows(ws) for ws in workbook.worksheets}
    finally:
        workbook.close()


def _rows(ws) -> list[tuple]:
    """A sheet's rows, streamed (read-only mode): an over-long cell or broken sheet XML is reported by sheet, row
    and column as soon as it is met."""
    from openpyxl.utils import get_column_letter

    rows: list[tuple] = []
    try:
        for number, row in enumerate(ws.iter_rows(values_only=True), 1):
            for column, value in enumerate(row, 1):
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    raise _fail(
                        f"Sheet '{ws.title}', dòng {number}, cột {get_column_letter(column)}: ô dài {len(value)} ký tự, "
                        f"quá {MAX_CELL_CHARS} ký tự cho phép."
                    )
            rows.append(tuple(row))
    except CatalogueFileError:
        raise
    except Exception as exc:  # malformed sheet XML, an entity bomb refused by the parser, a bad shared string
        raise _fail(
            f"Sheet '{ws.title}', sau dòng {len(rows)}: nội dung bảng tính hỏng ({type(exc).__name__}: {exc})."
        ) from None
    return rows


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(f"Không tìm thấy tệp '{path}'.") from None
    except OSError as exc:
        raise _fail(f"Không đọc được tệp '{path}': {exc.strerror}.") from None
    if size > MAX_FILE_BYTES:
        raise _fail(f"Tệp '{path.name}' nặng {human_size(size)}, quá {human_size(MAX_FILE_BYTES)} cho phép; không đọc.")


def read_catalogue(path: Path, known_fields: Mapping[str, str] | None = None) -> CatalogueData:
    """Read and check a catalogue file (.xlsx or .json); raises CatalogueFileError listing every problem."""
    path = Path(path)
    if file_format(path) == "xlsx":
        return parse_tables(read_workbook(path), known_fields)
    _check_size(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _fail(f"Không tìm thấy tệp '{path}'.") from None
    except UnicodeDecodeError:
        raise _fail(f"Tệp '{path.name}' không phải văn bản UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(f"Không đọc được JSON (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.") from None
    except RecursionError:
        raise _fail(f"Tệp '{path.name}': JSON lồng nhau quá sâu, không phải một danh mục.") from None
    try:
        return parse_json_document(data, known_fields)
    except RecursionError:
        raise _fail(f"Tệp '{path.name}': JSON lồng nhau quá sâu, không phải một danh mục.") from None


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: never a half-written catalogue."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    def write(target: Path) -> None:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, rows in sheets.items():
            ws = workbook.create_sheet(name)
            for row in rows:
                ws.append(list(row))
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DCE6F1")
                cell.alignment = Alignment(vertical="center", wrap_text=True)
            ws.freeze_panes = "A2"
            for index, width in enumerate(WIDTHS.get(name, ()), start=1):
                ws.column_dimensions[get_column_letter(index)].width = width
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, (date, datetime)):
                        cell.number_format = "DD/MM/YYYY"
                    elif isinstance(cell.value, str):
                        cell.number_format = "@"  # text stays text when the officer edits it
        workbook.save(target)

    _atomic_write(path, write)


def write_catalogue(
    path: Path, fields: Sequence[FieldOfWork], procedures: Sequence[Procedure], agency: str = ""
) -> None:
    """Write fields and procedures to `path`, as XLSX or JSON after its extension."""
    path = Path(path)
    if file_format(path) == "xlsx":
        write_workbook(path, catalogue_to_tables(fields, procedures))
        return
    document = catalogue_to_json(fields, procedures, agency)
    _atomic_write(
        path,
        lambda target: target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"),
    )
