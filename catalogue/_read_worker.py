"""Reads a workbook's cells in a child process that cannot take its parent down.

Run as a script by `catalogue.reader`: workbook bytes on standard input, a pickled dict
on standard output. It first caps its own memory, CPU time and core dumps, so that a
hostile file can at worst kill this process (calamine aborts the process on some
files; see FACTS.md). It imports only the standard library and python_calamine, so it
starts in a few tens of milliseconds.

The output is plain data: {"sheets": [...]} or {"error": kind, "detail": text, ...}.
"""

from __future__ import annotations

import io
import json
import pickle
import re
import resource
import sys
import zipfile
import zlib

# A cell whose formula has no cached value: <f> (or <f/>) directly followed by </c>,
# or an empty <v/>. openpyxl and many scripts save formulas without results.
_FORMULA_NO_VALUE = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)
# An error cell (#N/A, #REF!...): calamine reads these as empty, so we find them here.
_ERROR_CELL = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*?\bt="e"[^>]*>(?:\s*<f\b[^>]*?(?:/>|>[^<]*</f>))?\s*<v>([^<]*)</v>'
)
_CELL_REF = re.compile(rb"^([A-Z]{1,3})([0-9]{1,7})$")


def _cap_resources(memory_mb: int, cpu_seconds: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (char - 64)
    return index - 1


def _split_ref(ref: bytes) -> tuple[int, int]:
    """'C12' -> (row 12, column index 2)."""
    match = _CELL_REF.match(ref)
    assert match is not None
    return int(match.group(2)), _column_index(match.group(1))


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its cells."""
    import xml.etree.ElementTree as ET  # the parent has rejected DOCTYPEs already

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        rel_id = sheet.get(f"{ns_rel}id")
        if rel_id in targets:
            parts[sheet.get("name", "")] = targets[rel_id]
    return parts


def _special_cells(data: bytes) -> dict[str, dict[str, list]]:
    """Per sheet, the formula cells without a cached value and the error cells."""
    found: dict[str, dict[str, list]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _xlsx_sheet_parts(archive)
            for name, part in parts.items():
                try:
                    xml = archive.read(part)
                except KeyError:
                    continue
                formulas: list[tuple[int, int]] = []
                errors: list[tuple[int, int, str]] = []
                if b"<f" in xml:
                    formulas = [_split_ref(m.group(1)) for m in _FORMULA_NO_VALUE.finditer(xml)]
                if b't="e"' in xml:
                    errors = [
                        (*_split_ref(m.group(1)), m.group(2).decode("utf-8", "replace"))
                        for m in _ERROR_CELL.finditer(xml)
                    ]
                if formulas or errors:
                    found[name] = {"formulas": formulas, "errors": errors}
    except (zipfile.BadZipFile, KeyError, OSError, zlib.error, SyntaxError, ValueError):
        # The main read reports a damaged file; these extras are best effort.
        return {}
    return found


def read(data: bytes, kind: str, max_rows: int, max_cells: int) -> dict:
    """Every sheet's cells as rows of Python values, row 0 being Excel's row 1."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        return {"error": "password", "detail": str(exc)}
    except python_calamine.CalamineError as exc:
        return {"error": "calamine", "detail": f"{type(exc).__name__}: {exc}"}

    special = _special_cells(data) if kind == "xlsx" else {}
    sheets = []
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
        except python_calamine.CalamineError as exc:
            return {"error": "calamine", "detail": f"{type(exc).__name__}: {exc}",
                    "sheet": meta.name}
        end = sheet.end
        height = (end[0] + 1) if end else 0
        width = (end[1] + 1) if end else 0
        if height > max_rows:
            return {"error": "too-many-rows", "sheet": meta.name, "rows": height}
        if height * width > max_cells:
            return {"error": "too-many-cells", "sheet": meta.name, "rows": height,
                    "columns": width}
        merged = sheet.merged_cell_ranges or []
        rows = sheet.to_python(skip_empty_area=False) if end else []
        sheets.append({
            "name": meta.name,
            "visible": meta.visible == python_calamine.SheetVisibleEnum.Visible,
            "rows": rows,
            "merged": merged,
            "formulas_without_value": special.get(meta.name, {}).get("formulas", []),
            "error_cells": special.get(meta.name, {}).get("errors", []),
        })
    return {"sheets": sheets}


def main() -> None:
    """Read the workbook on stdin with the limits given as JSON in argv[1]."""
    options = json.loads(sys.argv[1])
    _cap_resources(options["memory_mb"], options["cpu_seconds"])
    data = sys.stdin.buffer.read()
    try:
        result = read(data, options["kind"], options["max_rows"], options["max_cells"])
    except MemoryError:
        result = {"error": "memory"}
    except RecursionError:
        result = {"error": "memory"}
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
