"""Small workbooks built in tests, written to disk and read back as an upload would arrive."""

from __future__ import annotations

from pathlib import Path

import openpyxl

MANDATE_ROWS = [
    ["Field", "Value"],
    ["PMO name", "Northshire Council PMO"],
    ["PMO type", "Supportive"],
    ["Mandate statement", "Help the council choose, fund and realise the right change."],
    ["Sponsor", "Director of Transformation"],
]
OBJECTIVE_ROWS = [
    ["Objective ID", "Objective", "Priority (weight)", "Success measure", "Horizon"],
    ["O1", "Prioritise the portfolio against strategy", 3, "All projects scored", "Short term"],
    ["O2", "Realise the benefits of change", 2, "Benefits tracked", "Medium term"],
    ["O3", "Build project management capability", 1, "PMs accredited", "Long term"],
]
CUSTOMER_ROWS = [
    ["Customer", "Importance (weight)", "Expectations"],
    ["Project managers", 2, "Practical help"],
    ["Project sponsors", 3, "Clear decisions"],
    ["Portfolio board", 3, "Evidence to prioritise"],
]
SERVICE_HEADER = ["Service ID", "Service name", "Description", "Customers", "Objectives",
                  "Owner", "Effort (FTE)", "Annual cost", "Satisfaction (1-5)", "Last reviewed"]


def build(tmp_path: Path, sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = (),
          merges: dict[str, list[str]] | None = None, name: str = "book.xlsx") -> bytes:
    """A workbook with these sheets (rows of values), saved to tmp_path, as bytes."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_name, rows in sheets.items():
        sheet = workbook.create_sheet(sheet_name)
        for row in rows:
            sheet.append(row)
        if sheet_name in hidden:
            sheet.sheet_state = "hidden"
        for span in (merges or {}).get(sheet_name, []):
            sheet.merge_cells(span)
    path = tmp_path / name
    workbook.save(path)
    return path.read_bytes()


def template_like(tmp_path: Path, services: list[list], **kwargs) -> bytes:
    """Mandate, Objectives, Customers and Services sheets, the services given."""
    return build(tmp_path, {
        "Mandate": MANDATE_ROWS, "Objectives": OBJECTIVE_ROWS, "Customers": CUSTOMER_ROWS,
        "Services": [SERVICE_HEADER, *services],
    }, **kwargs)
