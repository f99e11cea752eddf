"""Events as an Excel workbook (`rasd export --format xlsx`, `GET /export.xlsx`): one sheet,
ACLED's column order (the CSV's columns), one row per event.

No cell is ever a formula: text from articles that starts with = + - @ is stored as a
string cell (openpyxl's data type "s", written as an inline string), so Excel shows it and
never evaluates it.  Unlike the CSV, no quote is prefixed: a typed cell needs none.
"""
from __future__ import annotations

from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from rasd.doc import Event
from rasd.output.contract import CSV_COLUMNS, table_row


class XlsxWriter:
    """Write events to an .xlsx file in `out` (a binary file); `close()` saves it."""

    def __init__(self, out: BinaryIO, sheet: str = "events") -> None:
        self.out, self.count = out, 0
        self.book = Workbook(write_only=True)  # rows are streamed to disk, not held
        self.sheet = self.book.create_sheet(sheet)
        self.sheet.append([self._cell(c) for c in CSV_COLUMNS])

    def _cell(self, value: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would make "=..." a formula ("f")
        return cell

    def write(self, event: Event, extra: dict[str, Any] | None = None) -> None:
        # the text as it is: a string cell needs no anti-formula quote (the CSV's)
        self.sheet.append([self._cell(v) for v in table_row(event, extra).values()])
        self.count += 1

    def close(self) -> None:
        self.book.save(self.out)
