"""Broken and hostile uploads: each ends in one clear error (or a clean import), quickly,
and never takes the app's process down with it.

The files come from `hostile_files.py`; each is written to disk and read back as bytes,
as an upload arrives. A case either names the error class it must raise (exactly that
class, and its code) or says it must import its three services; a few "either" cases
accept a clean import or a clear error, because both are honest answers.
"""

from __future__ import annotations

import io
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import catalogue
from catalogue import errors
from catalogue.model import ImportResult, IssueCode
from catalogue.reader import ReadLimits
from tests.catalogue import hostile_files as files

# A hostile file must be answered within this much CPU time (this process and the reading
# processes it waited for), and within WALL_SECONDS on the clock. These are "did not hang,
# did not grind" checks, not benchmarks: CPU time catches a file that makes us work for
# minutes even on a machine busy with other jobs, where the clock alone would flake; the
# clock catches a wait that burns no CPU at all.
SECONDS = 10.0
WALL_SECONDS = 30.0

# Words that mean a library's error leaked to the user instead of ours.
JARGON = ("traceback", "calamine", "openpyxl", "zipfile", "badzipfile", "keyerror",
          "xmlerror", "errno", "exception", "0x", "\\x")

GOOD_NAMES = {row[1] for row in files.GOOD_SERVICES}


@dataclass(frozen=True)
class Case:
    """One kind of file, and what importing it must give."""

    build: Callable[[Path], Path]
    raises: tuple[type[errors.CatalogueError], ...] = ()  # any of these exact classes
    words: tuple[tuple[str, ...], ...] = ()  # each group: one of its words must appear
    may_import: bool = False  # a clean import of the three good services is also right
    limits: dict = field(default_factory=dict)  # ReadLimits overrides
    seconds: float = SECONDS

    @property
    def must_import(self) -> bool:
        return not self.raises

    @property
    def id(self) -> str:
        return self.build.__name__


CASES = [
    # --- not a workbook at all
    Case(files.csv_renamed_as_xlsx, (errors.NotAWorkbook,), (("csv", "text"),)),
    Case(files.plain_text_renamed, (errors.NotAWorkbook,), (("text",),)),
    Case(files.random_bytes, (errors.NotAWorkbook,), (("workbook", "spreadsheet"),)),
    Case(files.png_renamed, (errors.NotAWorkbook,), (("image", "picture", "png"),)),
    Case(files.html_saved_as_xls, (errors.NotAWorkbook,), (("web page", "html"),)),
    Case(files.xml_spreadsheet_2003, (errors.NotAWorkbook, errors.UnsupportedFormat),
         (("xml",),)),
    Case(files.empty_file, (errors.EmptyFile,), (("empty", "0 bytes", "no content"),)),
    Case(files.truncated_workbook, (errors.TruncatedFile,),
         (("incomplete", "damaged", "cut short", "truncated"),)),
    Case(files.zip_of_text_file, (errors.NotASpreadsheetZip,), (("zip",),)),
    Case(files.word_document_renamed, (errors.NotASpreadsheetZip,), (("word",),)),
    # --- workbooks we cannot or should not open
    Case(files.password_protected, (errors.PasswordProtected,), (("password",),)),
    Case(files.strict_open_xml, (errors.UnsupportedFormat,), (("strict",),), may_import=True),
    Case(files.malformed_sheet_xml, (errors.TruncatedFile, errors.UnreadableWorkbook),
         (("damaged", "corrupt", "could not be read", "cannot be read"),)),
    Case(files.missing_sheet_part, (errors.TruncatedFile, errors.UnreadableWorkbook),
         (("damaged", "corrupt", "missing", "could not be read"),)),
    Case(files.shared_string_out_of_range, (errors.TruncatedFile, errors.UnreadableWorkbook),
         (("damaged", "corrupt", "could not be read"),)),
    # --- XML built to abuse a parser
    Case(files.entity_bomb_shared_strings, (errors.XmlEntities,), (("entit",),)),
    Case(files.entity_bomb_sheet, (errors.XmlEntities,), (("entit",),)),
    Case(files.external_entity, (errors.XmlEntities,), (("entit",),)),
    # The same bomb dodging a byte search (UTF-16) or an extension filter (.dat): the
    # reader must still refuse it, and not call it "no services" (they are there).
    Case(files.entity_bomb_in_utf16_sheet, (errors.UnsupportedFormat,), (("utf-8",),)),
    Case(files.entity_bomb_in_oddly_named_part, (errors.XmlEntities,), (("entit",),)),
    Case(files.entity_bomb_after_a_comment, (errors.XmlEntities,), (("entit",),)),
    Case(files.deeply_nested_xml, (errors.ReaderCrashed, errors.TruncatedFile),
         may_import=True),
    Case(files.huge_text_cell, (errors.ZipBomb, errors.TooLarge), (("inflate", "large"),),
         may_import=True),
    # --- zip bombs
    Case(files.zip_bomb, (errors.ZipBomb,), (("inflate", "expand"), ("gb", "times"))),
    # headers that lie about the size: refused while inflating, before any reader runs
    Case(files.zip_bomb_lying_sizes, (errors.ZipBomb,), (("declares",),)),
    Case(files.zip_bomb_lying_9mb, (errors.ZipBomb,), (("declares",), ("9 mb",))),
    # The same 2 GB bomb with the zip checks switched off: the isolated reader alone must
    # contain it within its memory and time limits.
    Case(files.zip_bomb, (errors.ReaderCrashed, errors.TooLarge, errors.GridSpanningSheet),
         limits={"max_uncompressed_bytes": 1 << 40, "max_compression_ratio": 1e9,
                 "memory_mb": 1024, "timeout_s": 8},
         seconds=20),
    # --- grids
    Case(files.grid_spanning_cells, (errors.GridSpanningSheet,),
         (("grid", "stray", "far"),)),
    Case(files.wide_and_tall_sheet, (errors.GridSpanningSheet,), (("column",),)),
    Case(files.cell_off_the_grid, (errors.GridSpanningSheet, errors.TruncatedFile)),
    Case(files.merged_whole_sheet, (errors.GridSpanningSheet,), (("merge",),),
         may_import=True),
    Case(files.lying_dimension),
    Case(files.wide_header_row),
    Case(files.many_sheets, (errors.TooLarge,), may_import=True),
    # --- real workbooks over a limit, or with no catalogue
    Case(files.rows_beyond_limit, (errors.TooLarge,), (("rows",), ("1,000", "1000")),
         limits={"max_rows": 1_000}),
    Case(files.bytes_beyond_limit, (errors.TooLarge,), (("larger", "too large", "size"),),
         limits={"max_bytes": 50_000}),
    Case(files.unrelated_numbers, (errors.NoServicesTable,), (("service",),)),
    Case(files.empty_sheets, (errors.NoServicesTable,), (("service",),)),
    # --- good files that must import
    Case(files.good_catalogue),
    Case(files.sheet_protected),
    Case(files.legacy_xls_renamed),
    Case(files.opendocument_spreadsheet),
]


def _case_id(case: Case) -> str:
    return case.id + ("-no-zip-guards" if "max_compression_ratio" in case.limits else "")


@dataclass
class Timing:
    """Wall-clock and CPU seconds of one import, the reading processes' CPU included."""

    wall: float = 0.0
    cpu: float = 0.0

    def __str__(self) -> str:
        return f"{self.wall:.1f} s on the clock, {self.cpu:.1f} s of CPU"


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _import(path: Path, limits: dict | None = None) -> tuple[ImportResult | None,
                                                             errors.CatalogueError | None,
                                                             Timing]:
    """Import the file as an upload arrives (bytes), timing it."""
    data = path.read_bytes()
    timing = Timing()
    started, cpu_started = time.monotonic(), _cpu_seconds()
    result, error = None, None
    try:
        result = catalogue.import_catalogue(
            data, filename=path.name, limits=ReadLimits(**limits) if limits else None)
    except errors.CatalogueError as exc:
        error = exc
    timing.wall = time.monotonic() - started
    timing.cpu = _cpu_seconds() - cpu_started
    return result, error, timing


def _assert_quick(timing: Timing, seconds: float = SECONDS) -> None:
    assert timing.cpu < seconds and timing.wall < max(WALL_SECONDS, 3 * seconds), str(timing)


def _assert_plain_message(error: errors.CatalogueError) -> None:
    """A message a PMO manager can read: ours, short, with no library internals."""
    message = error.message
    assert message and message == str(error)
    assert 20 <= len(message) <= 600, message
    lowered = f" {message.lower()} "
    leaked = [word for word in JARGON if word in lowered]
    assert not leaked, f"library detail {leaked} in: {message}"
    assert " 0 mb" not in lowered, f"a limit shown as 0 MB: {message}"
    assert "root:" not in message  # an external entity's target never reaches the user


def _assert_good_services(result: ImportResult) -> None:
    names = {service.name for service in result.catalogue.services}
    assert names >= GOOD_NAMES, names


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_hostile_file_gives_one_clear_answer_quickly(case: Case, tmp_path: Path) -> None:
    path = case.build(tmp_path)
    result, error, timing = _import(path, case.limits)

    _assert_quick(timing, case.seconds)
    if error is None:
        assert case.must_import or case.may_import, (
            f"imported, but should raise {[c.__name__ for c in case.raises]}")
        assert result is not None
        _assert_good_services(result)
        return
    assert not case.must_import, f"{type(error).__name__} ({error.code}): {error.message}"
    assert type(error) in case.raises, f"{type(error).__name__} ({error.code}): {error.message}"
    assert error.code == type(error).code
    _assert_plain_message(error)
    lowered = error.message.lower()
    for group in case.words:
        assert any(word in lowered for word in group), f"none of {group} in: {error.message}"


def test_huge_text_cell_is_cut_to_excels_limit(tmp_path: Path) -> None:
    """A 50 MB description (a 12 MB upload, no zip bomb) imports cut to Excel's limit,
    and says so, without holding the app for long."""
    result, error, timing = _import(files.huge_varied_text_cell(tmp_path))

    _assert_quick(timing)
    if error is not None:  # refusing it is honest too, if said plainly
        assert isinstance(error, errors.TooLarge | errors.HostileWorkbook), error.message
        _assert_plain_message(error)
        return
    assert result is not None
    longest = max(len(s.description or "") for s in result.catalogue.services)
    assert longest <= 32_767
    assert any(issue.code is IssueCode.TEXT_TRUNCATED for issue in result.issues)


def test_app_process_survives_hostile_files_and_then_imports_a_good_one(tmp_path: Path) -> None:
    """A file that aborts the reader (calamine issue 693) cannot take the app down."""
    for folder in ("spanning", "bomb", "good"):
        (tmp_path / folder).mkdir()
    spanning = files.grid_spanning_cells(tmp_path / "spanning")
    bomb = files.zip_bomb_lying_sizes(tmp_path / "bomb")

    with pytest.raises(errors.GridSpanningSheet):
        catalogue.import_catalogue(spanning.read_bytes(), filename=spanning.name)
    with spanning.open("rb") as upload, pytest.raises(errors.GridSpanningSheet):
        catalogue.import_catalogue(upload, filename=spanning.name)  # a file object too
    with pytest.raises(errors.CatalogueError):
        catalogue.import_catalogue(io.BytesIO(bomb.read_bytes()), filename=bomb.name)

    good = files.good_catalogue(tmp_path / "good")
    result = catalogue.import_catalogue(good.read_bytes(), filename=good.name)
    _assert_good_services(result)
    assert len(result.catalogue.services) == 3
    assert {o.id for o in result.catalogue.objectives} == {"O1", "O2", "O3"}
    assert result.catalogue.mandate.pmo_name == "Group Portfolio Office"


def test_hostile_mandate_workbook_is_refused_like_a_catalogue(tmp_path: Path) -> None:
    """The mandate may come from a second upload: it goes through the same guards."""
    (tmp_path / "mandate").mkdir()
    good = files.good_catalogue(tmp_path)
    mandate = files.grid_spanning_cells(tmp_path / "mandate")

    started = time.monotonic()
    with pytest.raises(errors.GridSpanningSheet) as raised:
        catalogue.import_catalogue(good.read_bytes(), filename=good.name,
                                   mandate=mandate.read_bytes(), mandate_filename="mandate.xlsx")
    assert time.monotonic() - started < WALL_SECONDS
    _assert_plain_message(raised.value)
    # With two uploads, the user must be told which one to fix.
    assert "mandate" in raised.value.message.lower(), raised.value.message
