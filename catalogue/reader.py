"""Turning workbook bytes into raw sheets of cells, safely.

No file reaches a parser unguarded. In this process, cheap checks on the bytes and the
zip directory reject what is plainly not a workbook, encrypted, or built to explode
(entity declarations, inflation far beyond any catalogue). The cells are then read by
python-calamine in a child process (`_read_worker.py`) that caps its own memory and CPU
time and is killed when it overruns its wall-clock time: a file that would abort,
exhaust or hang a reader can only take that child down. If the child dies, the file is
examined here (streaming, bounded) to say why in words.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from catalogue import errors

_WORKER = Path(__file__).with_name("_read_worker.py")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_STRICT_NAMESPACE = b"purl.oclc.org/ooxml/spreadsheetml/main"
_PROLOGUE_BYTES = 64 * 1024
_EXCEL_MAX_ROW = 1_048_576
_EXCEL_MAX_COLUMN = 16_384


@dataclass(frozen=True)
class ReadLimits:
    """How much a single workbook may ask of the server. Defaults admit 100,000 services."""

    max_bytes: int = 100 * 1024 * 1024  # the upload itself
    max_rows: int = 200_000  # on any one sheet
    max_cells: int = 20_000_000  # rows x columns on any one sheet
    max_uncompressed_bytes: int = 1024 * 1024 * 1024  # the zip's contents, inflated
    max_compression_ratio: float = 200.0  # for any zip member larger than 10 MB inflated
    max_merged_cells: int = 1_000_000  # cells covered by one merged range
    memory_mb: int = 3072  # for the reading process
    timeout_s: float = 120.0  # wall clock for the reading process


@dataclass(frozen=True)
class RawSheet:
    """One sheet's cells as the workbook holds them. rows[0] is Excel's row 1, column A."""

    name: str
    visible: bool
    rows: list[list] = field(repr=False)
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()
    formulas_without_value: tuple[tuple[int, int], ...] = ()  # (Excel row, column index)
    error_cells: tuple[tuple[int, int, str], ...] = ()  # (Excel row, column index, "#N/A")


@dataclass(frozen=True)
class RawWorkbook:
    """Every worksheet of a workbook, in workbook order."""

    kind: str  # "xlsx", "xls" or "ods"
    sheets: tuple[RawSheet, ...]


def as_bytes(source: bytes | bytearray | memoryview | BinaryIO, limits: ReadLimits) -> bytes:
    """The file's bytes, read at most once and never more than the size limit."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = source.read(limits.max_bytes + 1)
        if not isinstance(data, bytes):
            raise errors.NotAWorkbook("The upload could not be read as a file.")
    if len(data) > limits.max_bytes:
        raise errors.TooLarge(
            f"The file is larger than {_size(limits.max_bytes)}, the most this "
            "app accepts. Remove images or unused sheets, or save only the catalogue sheets."
        )
    return data


def _size(count: int) -> str:
    """A byte count as a person reads it: '100 MB', '512 KB'."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):,.0f} MB"
    if count >= 1024:
        return f"{count / 1024:,.0f} KB"
    return f"{count:,} bytes"


def read_workbook(source: bytes | BinaryIO, limits: ReadLimits | None = None) -> RawWorkbook:
    """Check the bytes, then read every sheet's cells in an isolated process; at most
    `reader_slots()` workbooks are checked and read at once in this server."""
    limits = limits or ReadLimits()
    data = as_bytes(source, limits)
    with _reader_slot(limits):
        kind = _check_container(data, limits)
        return _read_isolated(data, kind, limits)


# ---------------------------------------------------------------- how many read at once

READERS_ENV = "PMO_AUDITOR_READERS"


def reader_slots() -> int:
    """How many workbooks this server reads at once ($PMO_AUDITOR_READERS, default 2).

    Each reading process may take up to `ReadLimits.memory_mb`, so this bounds what
    uploads can take from the server whatever arrives at once; further uploads wait
    their turn (`readers_busy()` says whether one would)."""
    try:
        return max(1, int(os.environ.get(READERS_ENV, "2")))
    except ValueError:
        return 2


_slots_lock = threading.Lock()
_slots = threading.BoundedSemaphore(reader_slots())
_queue = {"reading": 0, "waiting": 0}


def readers_busy() -> bool:
    """Whether a workbook arriving now would wait for another to be read first."""
    with _slots_lock:
        return _queue["reading"] >= reader_slots() or _queue["waiting"] > 0


@contextlib.contextmanager
def _reader_slot(limits: ReadLimits) -> Iterator[None]:
    with _slots_lock:
        _queue["waiting"] += 1
    try:
        # a reader holds its slot for at most its own time limit, so this waits for at
        # most a few readers' worth before saying so
        got = _slots.acquire(timeout=limits.timeout_s * 2)
    finally:
        with _slots_lock:
            _queue["waiting"] -= 1
    if not got:
        raise errors.ServerBusy(
            "The server is busy reading other people's workbooks and yours waited too long. "
            "Try again in a minute; nothing was lost.")
    with _slots_lock:
        _queue["reading"] += 1
    try:
        yield
    finally:
        with _slots_lock:
            _queue["reading"] -= 1
        _slots.release()


# ---------------------------------------------------------------- checks on the bytes


def _check_container(data: bytes, limits: ReadLimits) -> str:
    """Say what kind of workbook the bytes are, or raise why they are not one."""
    if not data.strip():
        raise errors.EmptyFile(
            "The file is empty (0 bytes). Save the workbook again from Excel and upload that."
        )
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise errors.PasswordProtected(
                "The workbook is protected with a password, so it cannot be read. Open it "
                "in Excel, remove the password (File > Info > Protect Workbook > Encrypt "
                "with Password, then clear it), save, and upload again."
            )
        return "xls"
    if data.startswith(_ZIP_MAGICS):
        return _check_zip(data, limits)
    raise errors.NotAWorkbook(_not_a_workbook_message(data))


def _not_a_workbook_message(data: bytes) -> str:
    head = data[:4096]
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF")):
        what = "an image or a PDF"
    elif head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        what = "a web page"
    elif head.lstrip().startswith(b"<?xml"):
        what = "an XML file (perhaps 'XML Spreadsheet 2003', which is not supported)"
    elif _looks_like_text(head):
        what = "a text or CSV file" if (b"," in head or b";" in head or b"\t" in head) \
            else "a text file"
    else:
        what = "not a spreadsheet"
    return (
        f"This file is {what}, not an Excel or OpenDocument workbook. Open it in Excel "
        "and use Save As > Excel Workbook (.xlsx), then upload the .xlsx file."
    )


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("latin-1")
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes anything
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * max(len(text), 1)


def _check_zip(data: bytes, limits: ReadLimits) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise errors.TruncatedFile(
            "The workbook is incomplete or damaged (it ends before its contents do), "
            "usually because a download or copy was interrupted. Save it again from "
            "Excel, or download it again, and upload the new copy."
        ) from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        kind = _zip_kind(archive, names)
        total = sum(info.file_size for info in infos)
        if total > limits.max_uncompressed_bytes:
            raise errors.ZipBomb(
                f"The workbook would inflate to {total / 1024**3:.1f} GB when opened, far more "
                "than any service catalogue needs, so it was not opened. If it is genuine, "
                "save only the catalogue sheets in a new workbook."
            )
        for info in infos:
            if info.file_size > 10 * 1024 * 1024 and info.compress_size and (
                info.file_size / info.compress_size > limits.max_compression_ratio
            ):
                raise errors.ZipBomb(
                    f"The workbook part '{info.filename}' inflates {info.file_size / info.compress_size:,.0f} "
                    "times its stored size, which real workbooks never do, so it was not "
                    "opened. Save the catalogue again from Excel in a new workbook."
                )
        if kind == "xlsx":
            _check_not_strict(archive)
        budget = limits.max_uncompressed_bytes
        for info in infos:
            if not info.is_dir():
                budget -= _inspect_member(archive, info, budget)
    return kind


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return "ods"
    if "[Content_Types].xml" in names and "xl/workbook.bin" in names:
        raise errors.UnsupportedFormat(
            "This is an Excel binary workbook (.xlsb), which this app cannot read. Open it "
            "in Excel and Save As > Excel Workbook (.xlsx), then upload that."
        )
    if "word/document.xml" in names:
        what = "a Word document"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation"
    elif "mimetype" in names:
        what = "an OpenDocument file that is not a spreadsheet"
    else:
        what = "a zip archive that holds no workbook"
    raise errors.NotASpreadsheetZip(
        f"This file is {what}, not an Excel or OpenDocument workbook. Upload the "
        "catalogue saved as an Excel workbook (.xlsx)."
    )


def _check_not_strict(archive: zipfile.ZipFile) -> None:
    with archive.open("xl/workbook.xml") as part:
        head = part.read(_PROLOGUE_BYTES)
    if _STRICT_NAMESPACE in head:
        raise errors.UnsupportedFormat(
            "The workbook was saved as 'Strict Open XML Spreadsheet', which this app cannot "
            "read. Open it in Excel and Save As > Excel Workbook (.xlsx), then upload that."
        )


_CHUNK = 1024 * 1024


def _inspect_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """Inflate one zip member as a stream, never holding more than a chunk, and refuse it
    the moment it inflates past its declared size or the workbook's budget; parse any
    XML's prologue with expat (whatever the member's name) and refuse a DOCTYPE or an
    entity declaration. Returns the bytes it inflated to."""
    declared = info.file_size
    stream_info = copy.copy(info)
    # read up to the budget, not the declared size: a lying header is caught by counting
    stream_info.file_size = budget + 1
    damaged = errors.TruncatedFile(
        f"A part of the workbook ('{info.filename}') is damaged and cannot be read. "
        "Save the workbook again from Excel and upload the new copy.")
    inflated = 0
    xml = _XmlPrologue(info.filename)
    try:
        with archive.open(stream_info) as part:
            # the count below is the check (a CRC can be forged to match a cut-short part)
            part._expected_crc = None  # type: ignore[attr-defined]
            while chunk := part.read(_CHUNK):
                inflated += len(chunk)
                if inflated > declared:
                    raise errors.ZipBomb(
                        f"The workbook part '{info.filename}' holds more than the "
                        f"{_size(declared)} its header declares, a trick used to make readers "
                        "run out of memory, so the file was not opened. Save the catalogue "
                        "again from Excel in a new workbook.")
                if inflated > budget:
                    raise errors.ZipBomb(
                        "The workbook inflates to more than "
                        f"{_size(budget)} when opened, far more than any service catalogue "
                        "needs, so it was not opened. If it is genuine, save only the "
                        "catalogue sheets in a new workbook.")
                xml.feed(chunk)
    except errors.CatalogueError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            zlib.error) as exc:
        raise damaged from exc
    if inflated < declared:
        raise damaged
    xml.close()
    return inflated


class _XmlPrologue:
    """Expat over an XML part's prologue: a DOCTYPE or an ENTITY anywhere before the first
    element (after comments and processing instructions too) refuses the workbook.

    A part that does not start like XML is left alone (images, binary parts); a part that
    ends before its first element is fine too (an empty part)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parser: Any = None
        self.decided = False
        self.seen = b""

    def _refuse(self, *_args: object) -> None:
        raise errors.XmlEntities(
            f"The workbook part '{self.name}' declares XML entities, a construction "
            "Excel never writes and that is used to make readers expand text without end "
            "or read other files. It was not opened. Save the catalogue again from Excel "
            "in a new workbook.")

    def _first_element(self, *_args: object) -> None:
        # the first element began: no declaration can follow, so stop listening
        self.decided = True
        self.parser.StartElementHandler = None

    def feed(self, chunk: bytes) -> None:
        if self.decided:
            return
        if self.parser is None:
            self.seen += chunk[:64]
            head = self.seen.lstrip(b"\xef\xbb\xbf \t\r\n")
            if not head:
                return
            if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
                raise errors.UnsupportedFormat(
                    f"The workbook part '{self.name}' is not written in UTF-8, as Excel "
                    "always writes workbooks, so it cannot be read reliably. Open the file in "
                    "Excel, save it as an Excel Workbook (.xlsx), and upload that.")
            if not head.startswith(b"<"):
                self.decided = True  # not XML: an image, a binary part
                return
            self.parser = xml.parsers.expat.ParserCreate()
            self.parser.StartDoctypeDeclHandler = self._refuse
            self.parser.EntityDeclHandler = self._refuse
            self.parser.UnparsedEntityDeclHandler = self._refuse
            self.parser.ExternalEntityRefHandler = self._refuse
            self.parser.StartElementHandler = self._first_element
        # a slice at a time, so that parsing stops soon after the first element
        for start in range(0, len(chunk), _PROLOGUE_BYTES):
            if self.decided:
                return
            try:
                self.parser.Parse(chunk[start:start + _PROLOGUE_BYTES], False)
            except xml.parsers.expat.ExpatError as exc:
                if "encoding" in str(exc).lower():
                    raise errors.UnsupportedFormat(
                        f"The workbook part '{self.name}' is not written in UTF-8, as Excel "
                        "always writes workbooks, so it cannot be read reliably. Open the "
                        "file in Excel, save it as an Excel Workbook (.xlsx), and upload "
                        "that.") from exc
                raise errors.TruncatedFile(
                    f"A part of the workbook ('{self.name}') is damaged and cannot be read. "
                    "Save the workbook again from Excel and upload the new copy.") from exc

    def close(self) -> None:
        if self.parser is not None and not self.decided:
            # a part with no element at all: nothing to declare, nothing to read
            with contextlib.suppress(xml.parsers.expat.ExpatError):
                self.parser.Parse(b"", True)


# ---------------------------------------------------------------- the isolated read


def _read_isolated(data: bytes, kind: str, limits: ReadLimits) -> RawWorkbook:
    options = {
        "kind": kind,
        "memory_mb": limits.memory_mb,
        "cpu_seconds": max(1, int(limits.timeout_s) + 1),
        "max_rows": limits.max_rows,
        "max_cells": limits.max_cells,
    }
    try:
        done = subprocess.run(
            [sys.executable, "-I", str(_WORKER), json.dumps(options)],
            input=data,
            capture_output=True,
            timeout=limits.timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise errors.ReaderCrashed(
            f"Reading the workbook took longer than {limits.timeout_s:.0f} seconds and was "
            "stopped. Save only the catalogue sheets in a new workbook and upload that."
        ) from exc
    except OSError as exc:  # cannot start a process at all: the server is in trouble
        raise errors.ReaderCrashed(
            "The server could not start reading the workbook. Try again in a minute."
        ) from exc
    if done.returncode != 0 or not done.stdout:
        raise _diagnose_crash(data, kind, limits, done.returncode)
    result = pickle.loads(done.stdout)
    if "error" in result:
        raise _worker_error(result, kind, limits)
    sheets = tuple(
        RawSheet(
            name=sheet["name"],
            visible=sheet["visible"],
            rows=sheet["rows"],
            merged=tuple(((top, left), (bottom, right))
                         for (top, left), (bottom, right) in sheet["merged"]),
            formulas_without_value=tuple(map(tuple, sheet["formulas_without_value"])),
            error_cells=tuple(map(tuple, sheet["error_cells"])),
        )
        for sheet in result["sheets"]
    )
    for sheet in sheets:
        _check_merges(sheet, limits)
    return RawWorkbook(kind=kind, sheets=sheets)


def _check_merges(sheet: RawSheet, limits: ReadLimits) -> None:
    for (top, left), (bottom, right) in sheet.merged:
        cells = (bottom - top + 1) * (right - left + 1)
        if cells > limits.max_merged_cells:
            raise errors.GridSpanningSheet(
                f"Sheet '{sheet.name}' has a merged range covering {cells:,} cells (from "
                f"row {top + 1:,} to row {bottom + 1:,}), which no catalogue needs and which "
                "makes spreadsheet readers run out of memory. Unmerge it in Excel (Home > "
                "Merge & Center > Unmerge Cells) and upload again.",
                sheet=sheet.name,
            )


def _worker_error(result: dict, kind: str, limits: ReadLimits) -> errors.CatalogueError:
    error = result["error"]
    sheet = result.get("sheet")
    if error == "password":
        return errors.PasswordProtected(
            "The workbook is protected with a password, so it cannot be read. Remove the "
            "password in Excel, save, and upload again."
        )
    if error == "too-many-rows":
        return errors.TooLarge(
            f"Sheet '{sheet}' has {result['rows']:,} rows; this app reads at most "
            f"{limits.max_rows:,} rows per sheet. Delete empty or unused rows below the "
            "table (select them, right-click > Delete) and upload again.",
            sheet=sheet,
        )
    if error == "too-many-cells":
        return errors.GridSpanningSheet(
            f"Sheet '{sheet}' spreads its cells over {result['rows']:,} rows and "
            f"{result['columns']:,} columns, far beyond any catalogue. Delete unused rows "
            "and columns (or stray cells far from the table) and upload again.",
            sheet=sheet,
        )
    if error == "memory":
        return errors.ReaderCrashed(
            f"Reading the workbook needed more than {limits.memory_mb:,} MB of memory and was "
            "stopped. Save only the catalogue sheets in a new workbook and upload that."
        )
    detail = str(result.get("detail", ""))
    if "password" in detail.lower() or "encrypt" in detail.lower():
        return errors.PasswordProtected(
            "The workbook is protected with a password, so it cannot be read. Remove the "
            "password in Excel, save, and upload again."
        )
    if kind == "xls":
        return errors.NotAWorkbook(
            "This file looks like an old-style Office file but could not be read as an "
            "Excel 97-2003 workbook. Open it in Excel, Save As > Excel Workbook (.xlsx), and "
            "upload that."
        )
    return errors.TruncatedFile(
        "The workbook is damaged and could not be read"
        + (f" (sheet '{sheet}')" if sheet else "")
        + ". Open it in Excel (which may offer to repair it), save it again, and upload the "
        "new copy."
    )


# ---------------------------------------------------------------- when the reader dies

_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,4})([0-9]{1,8})"')
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,8})"')


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def _diagnose_crash(data: bytes, kind: str, limits: ReadLimits, code: int) -> errors.CatalogueError:
    """Examine a file that killed the reader, and say why in a PMO manager's words."""
    if kind == "xlsx":
        try:
            found = _furthest_cells(data)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
            found = None
        if found:
            sheet_part, max_row, max_column = found
            if max_row >= _EXCEL_MAX_ROW or max_column >= _EXCEL_MAX_COLUMN:
                return errors.GridSpanningSheet(
                    f"The {sheet_part} has cells as far out as row {max_row:,}, column "
                    f"{max_column:,}: at or beyond the edge of Excel's grid. Reading it would need hundreds "
                    "of gigabytes, so it was stopped. Delete the stray cells far below or right "
                    "of the table (Ctrl+End shows the last one) and upload again."
                )
            if max_row > limits.max_rows:
                return errors.TooLarge(
                    f"The {sheet_part} has {max_row:,} rows; this app reads at most "
                    f"{limits.max_rows:,} rows per sheet. Delete unused rows and upload again."
                )
    reason = "ran out of time" if code in (-signal.SIGXCPU, -signal.SIGKILL) else "failed"
    return errors.ReaderCrashed(
        f"Reading the workbook {reason} within the limits this server sets "
        f"({limits.memory_mb:,} MB of memory, {limits.timeout_s:.0f} seconds). The file may be "
        "damaged or built to overload spreadsheet readers. Save only the catalogue sheets "
        "in a new workbook and upload that."
    )


def _furthest_cells(data: bytes) -> tuple[str, int, int] | None:
    """The worksheet part with the furthest cell reference: (part, row, column number)."""
    furthest: tuple[str, int, int] | None = None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
                continue
            max_row = max_column = 0
            tail = b""
            with archive.open(info) as part:
                while chunk := part.read(1024 * 1024):
                    block = tail + chunk
                    for match in _CELL_REF.finditer(block):
                        max_column = max(max_column, _column_number(match.group(1)))
                        max_row = max(max_row, int(match.group(2)))
                    for match in _ROW_REF.finditer(block):
                        max_row = max(max_row, int(match.group(1)))
                    tail = block[-256:]
            if furthest is None or (max_row * max_column) > (furthest[1] * furthest[2]):
                furthest = (info.filename, max_row, max_column)
        if furthest is not None:
            furthest = (_sheet_name(archive, furthest[0]), furthest[1], furthest[2])
    return furthest


def _sheet_name(archive: zipfile.ZipFile, part: str) -> str:
    """'xl/worksheets/sheet1.xml' -> "sheet 'Services'" (the part name if unknown)."""
    try:
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except KeyError:
        return part
    target = part.removeprefix("xl/")
    rel = re.search(r'Id="([^"]+)"[^>]*Target="/?(?:xl/)?' + re.escape(target) + '"', rels) or \
        re.search(r'Target="/?(?:xl/)?' + re.escape(target) + r'"[^>]*Id="([^"]+)"', rels)
    if rel:
        sheet = re.search(r'<sheet\b[^>]*name="([^"]+)"[^>]*r:id="' + re.escape(rel.group(1)) + '"',
                          workbook)
        if sheet:
            return f"sheet '{sheet.group(1)}'"
    return part
