"""Tables sent as files: CSV streamed row by row, XLSX built in a write-only workbook.

Whoever calls these has already scoped, capped and audited the rows; this module only writes them.
Cells that a spreadsheet would read as a formula (=, +, -, @ first) are prefixed with an apostrophe
in CSV (OWASP "CSV injection"); openpyxl writes XLSX cells as values, never formulas, for strings
that are typed as strings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the text, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_response(header: list[str], rows: Iterable[list[Any]], *, filename: str) -> StreamingHttpResponse:
    """CSV in UTF-8 with a byte-order mark (Excel opens Cyrillic and ʻ correctly), streamed."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(header: list[str], rows: Iterable[list[Any]], *, filename: str, title: str) -> HttpResponse:
    """One sheet, the header row first; a write-only workbook keeps memory flat as rows are added."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
