"""Every error the auditor raises, from one root; and why a workbook could not be imported.

PmoAuditorError                  anything the auditor refuses or cannot do (the root)
 ├── CatalogueError              a workbook could not be turned into a catalogue (below)
 ├── ConfigError                 a weight, threshold or config file the audit cannot use
 │                               (audit/config.py)
 ├── TaxonomyError               the function taxonomy file is not well formed
 │                               (audit/taxonomy.py)
 ├── SummaryError                the sponsor one-pager could not be drawn (reports/summary.py)
 ├── StoreError                  the workshop database cannot be read or written
 │    └── WorkshopNotFound       no workshop (or snapshot) has this link (workshop/store.py)
 └── _Refused                    the command line ends with one line and an exit status
                                 (audit/cli.py)

CatalogueError
 ├── UnreadableWorkbook          the bytes are not a workbook we can open
 │    ├── EmptyFile
 │    ├── NotAWorkbook            text, CSV, an image... renamed to .xlsx
 │    ├── TruncatedFile           a workbook cut short (an interrupted download)
 │    ├── NotASpreadsheetZip      a zip archive that holds no workbook
 │    ├── PasswordProtected
 │    └── UnsupportedFormat       e.g. Strict Open XML
 ├── HostileWorkbook             built (by accident or design) to exhaust a reader
 │    ├── XmlEntities             DOCTYPE entity expansion or external entities
 │    ├── ZipBomb                 inflates far beyond any real catalogue
 │    ├── GridSpanningSheet       cells or merges spread across the whole grid
 │    └── ReaderCrashed           the reader died or ran out of time or memory
 ├── TooLarge                    more rows or bytes than the configured limits
 └── NoServicesTable             a workbook, but no sheet holds a list of services

Every error carries a `code` (stable, for scripts and tests) and a `message` a PMO manager
can act on. Library errors (zipfile, calamine, sqlite, Chromium) are translated into these
at the boundary. The root lives here, in the lowest layer, so that every package may
derive from it; the app shows any of them one way (`ui.errors.show_error`).
"""

from __future__ import annotations


class PmoAuditorError(Exception):
    """Anything the auditor refuses or cannot do, said so that a PMO manager can act on it."""

    code = "pmo-auditor-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class CatalogueError(PmoAuditorError):
    """A workbook could not be turned into a catalogue."""

    code = "catalogue-error"

    def __init__(self, message: str, *, sheet: str | None = None) -> None:
        super().__init__(message)
        self.sheet = sheet


class UnreadableWorkbook(CatalogueError):
    """The bytes are not a workbook we can open."""

    code = "unreadable"


class EmptyFile(UnreadableWorkbook):
    """The file holds no bytes at all."""

    code = "empty-file"


class NotAWorkbook(UnreadableWorkbook):
    """The file is something else (text, CSV, image) with a spreadsheet's name."""

    code = "not-a-workbook"


class TruncatedFile(UnreadableWorkbook):
    """The workbook was cut short, usually by an interrupted download or copy."""

    code = "truncated"


class NotASpreadsheetZip(UnreadableWorkbook):
    """A zip archive, but not an Excel or OpenDocument workbook."""

    code = "zip-not-a-workbook"


class PasswordProtected(UnreadableWorkbook):
    """The workbook is encrypted with a password."""

    code = "password-protected"


class UnsupportedFormat(UnreadableWorkbook):
    """A workbook variant the reader cannot open (Strict Open XML)."""

    code = "unsupported-format"


class HostileWorkbook(CatalogueError):
    """The file would exhaust a reader's memory or time."""

    code = "hostile"


class XmlEntities(HostileWorkbook):
    """The workbook's XML declares entities (entity bombs, external entities)."""

    code = "xml-entities"


class ZipBomb(HostileWorkbook):
    """The workbook inflates far beyond what any real catalogue needs."""

    code = "zip-bomb"


class GridSpanningSheet(HostileWorkbook):
    """A sheet places cells or merged ranges across the whole grid."""

    code = "grid-spanning"


class ReaderCrashed(HostileWorkbook):
    """The isolated reader died, ran out of memory or out of time."""

    code = "reader-crashed"


class TooLarge(CatalogueError):
    """The workbook exceeds a configured limit (rows, bytes)."""

    code = "too-large"


class ServerBusy(CatalogueError):
    """Every reader of this server stayed busy with other workbooks for too long."""

    code = "server-busy"


class NoServicesTable(CatalogueError):
    """No sheet holds a recognisable list of services."""

    code = "no-services-table"
