"""Builders of broken and hostile files, each imitating something a real upload can be.

Every builder takes a folder (pytest's `tmp_path`), writes one file there the way it
would reach us (an upload is bytes on disk), and returns its path. Nothing here reads
the files back through our importer: the tests do that.

Workbooks are assembled from their XML parts by hand (`xlsx_package`) so a test controls
every byte a hostile file is made of. Big parts (a zip bomb's 2 GB sheet, a 50 MB
cell) are one block compressed once and repeated, so building them takes a second or
two and a few MB of memory.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from catalogue.columns import (
    TEMPLATE_CUSTOMER_HEADERS,
    TEMPLATE_MANDATE_LABELS,
    TEMPLATE_OBJECTIVE_HEADERS,
    TEMPLATE_SERVICE_HEADERS,
)

# --------------------------------------------------------------------------------------
# Namespaces and the fixed parts of a minimal .xlsx package
# --------------------------------------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Strict Open XML (ISO 29500 Strict): the same parts under other namespaces.
STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# The most rows and columns Excel has: a reference beyond them is off the grid.
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = "XFD"  # column 16,384

# Three services in the template's Services layout: enough for "it imported".
SERVICE_HEADER = list(TEMPLATE_SERVICE_HEADERS.values())
GOOD_SERVICES = [
    ["S01", "Status report compilation", "Weekly portfolio status pack for the board",
     "Reporting", "Portfolio board; Sponsors", "O1", "Priya Shah", 0.5, 24000, "Weekly",
     52, 3.8],
    ["S02", "Gate reviews", "Stage-gate assurance for major projects",
     "Assurance", "Project managers", "O2", "Tom Evans", 1.0, 55000, "Monthly", 18, 4.2],
    ["S03", "RAID log administration", "Keeps project RAID logs current",
     "Governance", "PMs", "O1; O3", "Ana Lopez", 0.3, 15000, "Weekly", 40, 2.9],
]


def column_letter(index: int) -> str:
    """Excel's column letters for a 1-based column number (1 -> A, 16384 -> XFD)."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_xml(ref: str, value: object) -> str:
    """One cell: a number, or an inline string (no sharedStrings part needed)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def rows_xml(rows: list[list[object]], first_row: int = 1) -> str:
    """`<row>` elements for a list of rows, cells written from column A."""
    out = []
    for r, row in enumerate(rows, start=first_row):
        cells = "".join(
            cell_xml(f"{column_letter(c)}{r}", v) for c, v in enumerate(row, start=1)
            if v is not None
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def sheet_xml(
    rows: list[list[object]] | None = None,
    *,
    dimension: str | None = None,
    merges: tuple[str, ...] = (),
    extra_rows: str = "",
    doctype: str = "",
    ns: str = MAIN_NS,
) -> str:
    """A worksheet part. `extra_rows` is raw XML appended inside `<sheetData>`."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = ""
    if merges:
        merge = f'<mergeCells count="{len(merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    data = rows_xml(rows or []) + extra_rows
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
            f'<worksheet xmlns="{ns}">{dim}<sheetData>{data}</sheetData>{merge}</worksheet>')


def services_sheet_xml(**kwargs: object) -> str:
    """The template's Services sheet with three good services."""
    return sheet_xml([SERVICE_HEADER, *GOOD_SERVICES], **kwargs)  # type: ignore[arg-type]


def xlsx_package(
    sheets: dict[str, str],
    *,
    shared_strings: str | None = None,
    strict: bool = False,
) -> bytes:
    """A minimal .xlsx (zip of XML parts) with the given sheets, in workbook order.

    `sheets` maps a sheet name to its worksheet XML. `strict` writes the workbook and
    relationship types in Strict Open XML namespaces (the sheets must use them too).
    """
    main_ns = STRICT_MAIN_NS if strict else MAIN_NS
    rel_ns = STRICT_REL_NS if strict else REL_NS
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{XLSX_MIME}.sheet.main+xml"/>']
    sheet_entries, rels = [], []
    for i, name in enumerate(sheets, start=1):
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                         f'ContentType="{XLSX_MIME}.worksheet+xml"/>')
        sheet_entries.append(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{rel_ns}/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>')
    if shared_strings is not None:
        overrides.append('<Override PartName="/xl/sharedStrings.xml" '
                         f'ContentType="{XLSX_MIME}.sharedStrings+xml"/>')
        rels.append(f'<Relationship Id="rIdSS" Type="{rel_ns}/sharedStrings" '
                    'Target="sharedStrings.xml"/>')
    content_types = (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides) + "</Types>")
    package_rels = (
        XML_DECL + f'<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
        f'Type="{rel_ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    conformance = ' conformance="strict"' if strict else ""
    workbook = (XML_DECL + f'<workbook xmlns="{main_ns}" xmlns:r="{rel_ns}"{conformance}><sheets>'
                + "".join(sheet_entries) + "</sheets></workbook>")
    workbook_rels = (XML_DECL + f'<Relationships xmlns="{PACKAGE_REL_NS}">'
                     + "".join(rels) + "</Relationships>")
    parts = {"[Content_Types].xml": content_types, "_rels/.rels": package_rels,
             "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": workbook_rels}
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            # A fixed timestamp: the same workbook is the same bytes on every run.
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), text,
                       compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------
# Good workbooks, to compare against and to break
# --------------------------------------------------------------------------------------

def template_workbook_bytes(n_services: int = 3) -> bytes:
    """A real workbook in the template layout, written by xlsxwriter as Excel would."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    mandate = book.add_worksheet("Mandate")
    values = {"pmo_name": "Group Portfolio Office", "pmo_type": "controlling",
              "statement": "Give the board a reliable view of the portfolio and improve "
                           "delivery confidence.", "sponsor": "Chief Operating Officer",
              "date": "2025-01-15", "office_kind": "portfolio office"}
    for r, (key, label) in enumerate(TEMPLATE_MANDATE_LABELS.items()):
        mandate.write_row(r, 0, [label, values[key]])
    objectives = book.add_worksheet("Objectives")
    objectives.write_row(0, 0, list(TEMPLATE_OBJECTIVE_HEADERS.values()))
    objectives.write_row(1, 0, ["O1", "Reliable portfolio reporting", 3,
                                "Board pack on time", "short term"])
    objectives.write_row(2, 0, ["O2", "Improve delivery confidence", 2,
                                "Fewer red projects", "medium term"])
    objectives.write_row(3, 0, ["O3", "Control delivery risk", 1,
                                "Risks with owners", "short term"])
    customers = book.add_worksheet("Customers")
    customers.write_row(0, 0, list(TEMPLATE_CUSTOMER_HEADERS.values()))
    customers.write_row(1, 0, ["Portfolio board", 3, "One page a month"])
    customers.write_row(2, 0, ["Project managers", 2, "Light-touch templates"])
    customers.write_row(3, 0, ["Sponsors", 2, "Early warning"])
    services = book.add_worksheet("Services")
    services.write_row(0, 0, SERVICE_HEADER)
    for i in range(n_services):
        row = list(GOOD_SERVICES[i % len(GOOD_SERVICES)])
        row[0] = f"S{i + 1:05d}"
        row[1] = f"{row[1]} {i + 1}" if i >= len(GOOD_SERVICES) else row[1]
        services.write_row(i + 1, 0, row)
    book.close()
    return buffer.getvalue()


def good_catalogue(folder: Path) -> Path:
    """A correct template workbook with three services (the control case)."""
    return _write(folder, "catalogue.xlsx", template_workbook_bytes())


# --------------------------------------------------------------------------------------
# Not a workbook at all
# --------------------------------------------------------------------------------------

def csv_renamed_as_xlsx(folder: Path) -> Path:
    """A CSV export someone renamed to .xlsx so the uploader would take it."""
    text = ",".join(SERVICE_HEADER[:4]) + "\n" + "\n".join(
        ",".join(str(v) for v in row[:4]) for row in GOOD_SERVICES) + "\n"
    return _write(folder, "services.xlsx", text.encode())


def plain_text_renamed(folder: Path) -> Path:
    """Meeting notes pasted into a text file and saved with a spreadsheet's name."""
    text = ("PMO services review - notes\n\nWe agreed to keep gate reviews and to look at "
            "the status report again in Q3.\n") * 20
    return _write(folder, "notes.xlsx", text.encode())


def random_bytes(folder: Path) -> Path:
    """A corrupted download: 64 KB of noise (seeded, so every run is the same)."""
    noise = random.Random(693).randbytes(64 * 1024)
    return _write(folder, "catalogue.xlsx", noise)


def png_renamed(folder: Path) -> Path:
    """A screenshot of the catalogue (a real 8x8 PNG) uploaded instead of the file."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    width = height = 8
    pixels = b"".join(b"\x00" + b"\xff\x80\x00" * width for _ in range(height))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))
    return _write(folder, "catalogue.xlsx", png)


def html_saved_as_xls(folder: Path) -> Path:
    """A web tool's "Export to Excel": an HTML table with an .xls name (very common)."""
    rows = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row[:4]) + "</tr>"
                   for row in GOOD_SERVICES)
    html = ("<html><head><meta charset='utf-8'></head><body><table><tr>"
            + "".join(f"<th>{h}</th>" for h in SERVICE_HEADER[:4]) + "</tr>"
            + rows + "</table></body></html>")
    return _write(folder, "export.xls", html.encode())


def xml_spreadsheet_2003(folder: Path) -> Path:
    """Excel's old "XML Spreadsheet 2003" format, which some reporting tools still export
    with an .xls name: one XML file, not a zip or an OLE file."""
    cells = "".join(f'<Cell><Data ss:Type="String">{escape(h)}</Data></Cell>'
                    for h in SERVICE_HEADER[:4])
    xml = (XML_DECL + '<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
           f'<Worksheet ss:Name="Services"><Table><Row>{cells}</Row></Table></Worksheet>'
           "</Workbook>")
    return _write(folder, "catalogue.xls", xml.encode())


def empty_file(folder: Path) -> Path:
    """A zero-byte file: a failed save, or an upload of a placeholder."""
    return _write(folder, "catalogue.xlsx", b"")


def truncated_workbook(folder: Path) -> Path:
    """The first half of a real workbook: an interrupted download or copy."""
    data = template_workbook_bytes(n_services=200)
    return _write(folder, "catalogue.xlsx", data[: len(data) // 2])


def zip_of_text_file(folder: Path) -> Path:
    """A zip archive holding a text file, renamed .xlsx (a zipped export)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("services.csv", "Service name,Owner\nGate reviews,Tom Evans\n")
    return _write(folder, "catalogue.xlsx", buffer.getvalue())


def word_document_renamed(folder: Path) -> Path:
    """A Word document (.docx, also a zip of XML) uploaded by mistake as .xlsx."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", XML_DECL + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        z.writestr("_rels/.rels", XML_DECL + (
            f'<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="word/document.xml"/></Relationships>'))
        z.writestr("word/document.xml", XML_DECL + (
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
            'main"><w:body><w:p><w:r><w:t>PMO service catalogue</w:t></w:r></w:p>'
            "</w:body></w:document>"))
    return _write(folder, "catalogue.xlsx", buffer.getvalue())


# --------------------------------------------------------------------------------------
# Workbooks we cannot or should not open
# --------------------------------------------------------------------------------------

def password_protected(folder: Path) -> Path:
    """A workbook saved with "Encrypt with password" (Agile encryption, as Excel 2013+).

    msoffcrypto-tool encrypts a real workbook: the result is an OLE compound file with
    EncryptionInfo and EncryptedPackage streams, byte for byte what Excel writes.
    """
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(template_workbook_bytes())).encrypt("Portfolio2025!", encrypted)
    return _write(folder, "catalogue.xlsx", encrypted.getvalue())


def sheet_protected(folder: Path) -> Path:
    """A workbook whose sheet is locked against editing (not encrypted): must import."""
    xml = services_sheet_xml().replace(
        "</sheetData>",
        '</sheetData><sheetProtection algorithmName="SHA-512" hashValue="x" saltValue="y" '
        'spinCount="100000" sheet="1" objects="1" scenarios="1"/>')
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": xml}))


def strict_open_xml(folder: Path) -> Path:
    """A workbook saved as "Strict Open XML Spreadsheet" (Excel's Save As option)."""
    xml = services_sheet_xml(ns=STRICT_MAIN_NS)
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": xml}, strict=True))


def malformed_sheet_xml(folder: Path) -> Path:
    """A workbook whose sheet XML breaks off mid-tag (a buggy exporter or a bad edit)."""
    xml = services_sheet_xml().replace("</sheetData>", '<row r="9"><c r="A9" t="inlineStr">'
                                       "<is><t>broken</is></row></sheetData>")
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": xml}))


def missing_sheet_part(folder: Path) -> Path:
    """The workbook lists a sheet whose XML part is not in the zip (a half-built file)."""
    data = io.BytesIO(xlsx_package({"Services": services_sheet_xml()}))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, src.read(item))
    return _write(folder, "catalogue.xlsx", out.getvalue())


# --------------------------------------------------------------------------------------
# XML built to exhaust or abuse a parser
# --------------------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
              for i in range(1, 10))
    + "]>"
)


def entity_bomb_shared_strings(folder: Path) -> Path:
    """The "billion laughs" attack: nine nested entities expanding to 3 GB of "lol".

    The bomb sits in sharedStrings.xml and a services cell uses it.
    """
    shared = (f'<?xml version="1.0" encoding="UTF-8"?>\n{BILLION_LAUGHS}'
              f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    extra = '<row r="5"><c r="A5"><v>S04</v></c><c r="B5" t="s"><v>0</v></c></row>'
    sheet = services_sheet_xml(extra_rows=extra)
    return _write(folder, "catalogue.xlsx",
                  xlsx_package({"Services": sheet}, shared_strings=shared))


def entity_bomb_sheet(folder: Path) -> Path:
    """The same entity bomb declared in the sheet XML itself."""
    extra = '<row r="5"><c r="A5" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    sheet = services_sheet_xml(extra_rows=extra, doctype=BILLION_LAUGHS)
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": sheet}))


def external_entity(folder: Path) -> Path:
    """An external entity (XXE): a cell whose text would be the server's /etc/passwd."""
    doctype = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    extra = '<row r="5"><c r="A5" t="inlineStr"><is><t>S04</t></is></c>' \
            '<c r="B5" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    sheet = services_sheet_xml(extra_rows=extra, doctype=doctype)
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": sheet}))


def _renamed_part(data: bytes, old: str, new: str, *, encode: str | None = None) -> bytes:
    """A workbook with part `old` stored as `new` (relationships updated to match),
    optionally re-encoded (e.g. "utf-16") with its XML declaration saying so."""
    out = io.BytesIO()
    old_target, new_target = old.removeprefix("xl/"), new.removeprefix("xl/")
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item)
            name = new if item.filename == old else item.filename
            if item.filename in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                content = content.replace(old_target.encode(), new_target.encode())
            if item.filename == old and encode:
                text = content.decode().replace('encoding="UTF-8"', f'encoding="{encode.upper()}"')
                content = text.encode(encode)  # Python's utf-16 writes a byte-order mark
            dst.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), content,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def entity_bomb_in_utf16_sheet(folder: Path) -> Path:
    """The entity bomb in a sheet saved as UTF-16, where a byte search for "<!DOCTYPE"
    finds nothing: every character is two bytes."""
    extra = '<row r="5"><c r="A5" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    book = xlsx_package({"Services": services_sheet_xml(extra_rows=extra, doctype=BILLION_LAUGHS)})
    return _write(folder, "catalogue.xlsx", _renamed_part(
        book, "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", encode="utf-16"))


def entity_bomb_in_oddly_named_part(folder: Path) -> Path:
    """The entity bomb in a sheet part named sheet1.dat: the relationships decide which
    part is a sheet, not the name's extension."""
    extra = '<row r="5"><c r="A5" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    book = xlsx_package({"Services": services_sheet_xml(extra_rows=extra, doctype=BILLION_LAUGHS)})
    return _write(folder, "catalogue.xlsx", _renamed_part(
        book, "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.dat"))


def entity_bomb_after_a_comment(folder: Path) -> Path:
    """The entity bomb behind a comment and a processing instruction: a check that looks
    only at what comes first, or only for "<!DOCTYPE" right after the declaration, misses
    it; a parser does not."""
    shared = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- saved by a script -->'
              f'<?mso-application progid="Excel.Sheet"?>{BILLION_LAUGHS}'
              f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    extra = '<row r="5"><c r="A5"><v>S04</v></c><c r="B5" t="s"><v>0</v></c></row>'
    return _write(folder, "catalogue.xlsx", xlsx_package(
        {"Services": services_sheet_xml(extra_rows=extra)}, shared_strings=shared))


def deeply_nested_xml(folder: Path) -> Path:
    """200,000 nested elements inside a cell: a recursive parser would overflow its stack."""
    depth = 200_000
    extra = ('<row r="5"><c r="A5" t="inlineStr"><is><t>S04</t></is></c>'
             '<c r="B5" t="inlineStr"><is>' + "<r>" * depth + "</r>" * depth
             + "<t>Deep</t></is></c></row>")
    return _write(folder, "catalogue.xlsx",
                  xlsx_package({"Services": services_sheet_xml(extra_rows=extra)}))


# --------------------------------------------------------------------------------------
# Big parts built cheaply: one block compressed once, repeated
# --------------------------------------------------------------------------------------

REPEAT = "@@REPEAT@@"  # where a template part's repeated block goes


@functools.lru_cache(maxsize=8)
def _deflate_repeated(head: bytes, block: bytes, copies: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of head + block * copies + tail, compressing `block` only once.

    A full flush empties the compressor's history, so every copy of `block` after one
    compresses to the same bytes: 2 GB costs one megabyte of work. Returns the
    compressed bytes, the CRC-32 and the uncompressed size.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    packed_block = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * copies + len(tail)
    return first + packed_block * copies + last, crc, size


def _zip_with_raw_entries(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive from already-deflated entries: (name, deflated, crc, declared size).

    Every entry carries a zip64 extra field, so a size may pass 4 GB; the declared
    uncompressed size is what the headers state, which a hostile file can make lie.
    """
    body, central = io.BytesIO(), io.BytesIO()
    for name, packed, crc, declared in entries:
        raw_name = name.encode()
        extra = struct.pack("<HHQQ", 0x0001, 16, declared, len(packed))
        offset = body.tell()
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x21, crc,
                               0xFFFFFFFF, 0xFFFFFFFF, len(raw_name), len(extra)))
        body.write(raw_name + extra + packed)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x21,
                                  crc, 0xFFFFFFFF, 0xFFFFFFFF, len(raw_name), len(extra),
                                  0, 0, 0, 0, offset))
        central.write(raw_name + extra)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                      central.tell(), body.tell(), 0)
    return body.getvalue() + central.getvalue() + end


@functools.lru_cache(maxsize=4)
def _with_repeated_block(template: bytes, part: str, block: bytes, copies: int,
                         declared_size: int | None = None) -> bytes:
    """`template` (a workbook) with the REPEAT marker in `part` replaced by block * copies.

    Cached: the tests build the same big file more than once.
    """
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    entries = []
    for name, content in parts.items():
        if name == part:
            head, tail = content.split(REPEAT.encode())
            packed, crc, size = _deflate_repeated(head, block, copies, tail)
            entries.append((name, packed, crc, size if declared_size is None else declared_size))
        else:
            packed, crc, size = _deflate_repeated(content, b"", 0, b"")
            entries.append((name, packed, crc, size))
    return _zip_with_raw_entries(entries)


# --------------------------------------------------------------------------------------
# Huge text
# --------------------------------------------------------------------------------------

def _huge_description_workbook(block: bytes, copies: int) -> bytes:
    """Three good services and a fourth whose description is block * copies."""
    shared = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}" count="1" '
              f'uniqueCount="1"><si><t>{REPEAT}</t></si></sst>')
    extra = ('<row r="5"><c r="A5" t="inlineStr"><is><t>S04</t></is></c><c r="B5" '
             't="inlineStr"><is><t>Lessons learned library</t></is></c>'
             '<c r="C5" t="s"><v>0</v></c></row>')
    template = xlsx_package({"Services": services_sheet_xml(extra_rows=extra)},
                            shared_strings=shared)
    return _with_repeated_block(template, "xl/sharedStrings.xml", block, copies)


def huge_text_cell(folder: Path) -> Path:
    """One description of 50 MB of one repeated phrase (a log pasted in by a script).

    Excel itself stops a cell at 32,767 characters; other tools do not. This text
    compresses about 400:1.
    """
    phrase = b"Weekly status pack. "
    return _write(folder, "catalogue.xlsx",
                  _huge_description_workbook(phrase * (1 << 16), 40))


def huge_varied_text_cell(folder: Path) -> Path:
    """A 50 MB description of varied words, which compresses like prose (about 4:1):
    a 12 MB upload that no zip-ratio check stops."""
    words = [f"{w}{n}" for w in ("status", "risk", "gate", "benefit", "owner", "plan",
                                 "issue", "budget", "sponsor", "review") for n in range(97)]
    # deflate looks back only 32 KB, so copies of a varied 1 MB block do not compress.
    block = " ".join(random.Random(130).choices(words, k=(1 << 20) // 9)) + " "
    return _write(folder, "catalogue.xlsx", _huge_description_workbook(block.encode(), 50))


# --------------------------------------------------------------------------------------
# Zip bombs
# --------------------------------------------------------------------------------------

def _bomb_workbook(uncompressed_gb: float, *, declared_size: int | None = None) -> bytes:
    """A template workbook whose Services sheet inflates to `uncompressed_gb` of rows."""
    row = b"<row><c><v>1</v></c></row>"
    block = row * ((1 << 20) // len(row))
    template = xlsx_package({"Services": services_sheet_xml(extra_rows=REPEAT)})
    copies = int(uncompressed_gb * (1 << 30)) // len(block)
    return _with_repeated_block(template, "xl/worksheets/sheet1.xml", block, copies,
                                declared_size)


def zip_bomb(folder: Path) -> Path:
    """A 5 MB workbook whose one sheet inflates to 2 GB of rows (80 million cells).

    Real sizes in the headers: a reader that checks them can refuse before inflating.
    """
    return _write(folder, "catalogue.xlsx", _bomb_workbook(2.0))


def zip_bomb_lying_sizes(folder: Path) -> Path:
    """The same bomb, but its headers claim the sheet is 100 KB.

    Only a reader that counts what it actually inflates (or a memory limit) stops it.
    """
    return _write(folder, "catalogue.xlsx", _bomb_workbook(2.0, declared_size=100_000))


def zip_bomb_lying_9mb(folder: Path) -> Path:
    """As measured on a server: headers declaring a 9 MB sheet that inflates to 940 MB,
    passing every check that believes the headers (and the ratio check: 9 MB is under the
    size from which a ratio is judged)."""
    return _write(folder, "catalogue.xlsx",
                  _bomb_workbook(940 / 1024, declared_size=9 * 1024 * 1024))


# --------------------------------------------------------------------------------------
# Sheets that claim (or really have) a huge grid
# --------------------------------------------------------------------------------------

def grid_spanning_cells(folder: Path) -> Path:
    """Cells at A1 and XFD1048576: a 2 KB file that asks a dense reader for the whole grid.

    calamine issue 693 / python-calamine issue 130: the process tries to allocate
    hundreds of GB and aborts, which no `try` can catch.
    """
    corner = (f'<row r="{EXCEL_MAX_ROW}"><c r="{EXCEL_MAX_COLUMN}{EXCEL_MAX_ROW}">'
              "<v>1</v></c></row>")
    return _write(folder, "catalogue.xlsx",
                  xlsx_package({"Services": services_sheet_xml(extra_rows=corner)}))


def merged_whole_sheet(folder: Path) -> Path:
    """A merge over the whole sheet (select all, "Merge cells"): openpyxl fills every cell."""
    sheet = services_sheet_xml(merges=(f"A1:{EXCEL_MAX_COLUMN}{EXCEL_MAX_ROW}",))
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": sheet}))


def lying_dimension(folder: Path) -> Path:
    """A `<dimension>` claiming the whole grid over three real services (some exporters)."""
    sheet = services_sheet_xml(dimension=f"A1:{EXCEL_MAX_COLUMN}{EXCEL_MAX_ROW}")
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": sheet}))


def wide_header_row(folder: Path) -> Path:
    """A header row filled across all 16,384 columns (a fill dragged to the sheet's edge)."""
    header = SERVICE_HEADER + [f"Column {i}" for i in range(len(SERVICE_HEADER) + 1, 16_385)]
    sheet = sheet_xml([header, *GOOD_SERVICES])
    return _write(folder, "catalogue.xlsx", xlsx_package({"Services": sheet}))


def wide_and_tall_sheet(folder: Path) -> Path:
    """Five thousand rows and one cell in column XFD: a dense grid of 82 million cells."""
    rows = [SERVICE_HEADER, *GOOD_SERVICES]
    rows += [[f"S{i:05d}", f"Service {i}"] for i in range(4, 5_001)]
    edge = f'<row r="{len(rows) + 1}"><c r="{EXCEL_MAX_COLUMN}{len(rows) + 1}"><v>1</v></c></row>'
    return _write(folder, "catalogue.xlsx",
                  xlsx_package({"Services": sheet_xml(rows, extra_rows=edge)}))


def cell_off_the_grid(folder: Path) -> Path:
    """A cell reference past Excel's last row and column (written by a buggy generator)."""
    edge = '<row r="2000000"><c r="ZZZZ2000000"><v>1</v></c></row>'
    return _write(folder, "catalogue.xlsx",
                  xlsx_package({"Services": services_sheet_xml(extra_rows=edge)}))


def shared_string_out_of_range(folder: Path) -> Path:
    """A cell pointing at shared string 999,999 of a table holding one (a broken export)."""
    shared = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}" count="1" '
              'uniqueCount="1"><si><t>Lessons learned library</t></si></sst>')
    extra = ('<row r="5"><c r="A5" t="inlineStr"><is><t>S04</t></is></c>'
             '<c r="B5" t="s"><v>999999</v></c></row>')
    return _write(folder, "catalogue.xlsx", xlsx_package(
        {"Services": services_sheet_xml(extra_rows=extra)}, shared_strings=shared))


def many_sheets(folder: Path, count: int = 5_000) -> Path:
    """5,000 empty sheets before the Services sheet (a macro that ran away)."""
    sheets = {f"Sheet{i}": sheet_xml() for i in range(1, count + 1)}
    sheets["Services"] = services_sheet_xml()
    return _write(folder, "catalogue.xlsx", xlsx_package(sheets))


# --------------------------------------------------------------------------------------
# Real workbooks that break a limit or hold no catalogue
# --------------------------------------------------------------------------------------

def rows_beyond_limit(folder: Path, rows: int = 1_500) -> Path:
    """A genuine template workbook with 1,500 services (tested against max_rows=1,000)."""
    return _write(folder, "catalogue.xlsx", template_workbook_bytes(n_services=rows))


def bytes_beyond_limit(folder: Path) -> Path:
    """A genuine workbook of 2,000 services, about 60 KB (tested against max_bytes=20,000)."""
    return _write(folder, "catalogue.xlsx", template_workbook_bytes(n_services=2_000))


def unrelated_numbers(folder: Path) -> Path:
    """A budget workbook uploaded instead of the catalogue: months and figures only."""
    rows: list[list[object]] = [["Month", "Budget", "Actual", "Variance"]]
    for month in range(1, 13):
        rows.append([dt.date(2025, month, 1).strftime("%b %Y"), 10_000 + month * 250,
                     9_800 + month * 300, -200 + month * 50])
    return _write(folder, "budget.xlsx", xlsx_package({"Budget 2025": sheet_xml(rows)}))


def empty_sheets(folder: Path) -> Path:
    """A new workbook saved before anything was typed in: three empty sheets."""
    sheets = {"Sheet1": sheet_xml(), "Sheet2": sheet_xml(), "Sheet3": sheet_xml()}
    return _write(folder, "catalogue.xlsx", xlsx_package(sheets))


# --------------------------------------------------------------------------------------
# Other spreadsheet formats that should import
# --------------------------------------------------------------------------------------

def legacy_xls_renamed(folder: Path) -> Path:
    """An Excel 97-2003 .xls (BIFF8, written by xlwt) that someone renamed to .xlsx."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Services")
    for r, row in enumerate([SERVICE_HEADER, *GOOD_SERVICES]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return _write(folder, "catalogue.xlsx", buffer.getvalue())


def opendocument_spreadsheet(folder: Path) -> Path:
    """A LibreOffice Calc .ods: a zip with a `mimetype` first, then content.xml."""
    table_ns = 'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    text_ns = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    office_ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'

    def cell(value: object) -> str:
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string">'
                f"<text:p>{escape(str(value))}</text:p></table:table-cell>")

    rows = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>"
                   for row in [SERVICE_HEADER, *GOOD_SERVICES])
    content = (f'{XML_DECL}<office:document-content {office_ns} {table_ns} {text_ns} '
               'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="Services">{rows}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = (f'{XML_DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
                'application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        # The OpenDocument rule: `mimetype` first and stored, so tools can sniff it.
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return _write(folder, "catalogue.ods", buffer.getvalue())
