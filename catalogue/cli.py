"""`python -m catalogue FILE [--mandate FILE] [--sheet NAME] [--column 'HEADER=field']...
[--all-periods] [--json]`: what a workbook imports as.

Exit 0 when a catalogue was built (whatever its issues), 2 when none could be, with one
line starting `error:` on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from catalogue.columns import SERVICE_COLUMNS
from catalogue.errors import CatalogueError
from catalogue.importer import import_catalogue
from catalogue.model import Catalogue, ImportResult, Service


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose how a workbook is read (shared with `python -m audit`)."""
    fields = ", ".join(SERVICE_COLUMNS)
    parser.add_argument("--sheet", metavar="NAME",
                        help="the sheet holding the services (default: the most "
                             "service-like table; the others are named in the issues)")
    parser.add_argument("--column", metavar="'HEADER=field'", action="append", default=[],
                        help="read the column with this header as this field, or "
                             f"'HEADER=ignore' to leave it out; repeatable. Fields: {fields}")
    parser.add_argument("--all-periods", action="store_true",
                        help="import every period's row of a service listed once per fiscal "
                             "year or quarter (default: its latest period only)")


def reading_options(args: argparse.Namespace) -> dict:
    """import_catalogue's keyword arguments from those options; ValueError names a bad one."""
    overrides: dict[str, str] = {}
    for item in args.column:
        header, sep, field_name = item.rpartition("=")
        header, field_name = header.strip(), field_name.strip().lower().replace(" ", "_")
        if not sep or not header:
            raise ValueError(f"--column {item!r}: write the header, '=' and the field, "
                             "such as --column 'Lead=owner'")
        if field_name in {"", "ignore", "none"}:
            field_name = ""
        elif field_name not in SERVICE_COLUMNS:
            raise ValueError(f"--column {item!r}: '{field_name}' is not a service field; use "
                             f"one of {', '.join(SERVICE_COLUMNS)} or 'ignore'")
        overrides[header] = field_name
    return {"sheet": args.sheet, "column_overrides": overrides, "all_periods": args.all_periods}


def service_to_json(service: Service) -> dict:
    """A service as the command line's JSON prints it: every field the model holds."""
    return service.to_json()


def catalogue_to_json(catalogue: Catalogue) -> dict:
    """The catalogue (without issues) as the command line's JSON prints it."""
    mandate = catalogue.mandate
    return {
        "source": catalogue.source,
        "mandate": {
            "pmo_name": mandate.pmo_name,
            "pmo_type": mandate.pmo_type.value if mandate.pmo_type else None,
            "statement": mandate.statement,
        },
        "objectives": [
            {"id": o.id, "statement": o.statement, "priority": o.priority}
            for o in catalogue.objectives
        ],
        "customers": [{"name": c.name, "importance": c.importance} for c in catalogue.customers],
        "services": [service_to_json(s) for s in catalogue.services],
    }


def result_to_json(result: ImportResult) -> dict:
    """An import's catalogue and issues as one JSON document."""
    document = catalogue_to_json(result.catalogue)
    document["issues"] = [issue.to_json() for issue in result.issues]
    return document


def _print_summary(result: ImportResult) -> None:
    catalogue = result.catalogue
    mandate = catalogue.mandate
    print(f"Catalogue: {catalogue.source}")
    pmo = mandate.pmo_name or "(no PMO name)"
    kind = mandate.pmo_type.value if mandate.pmo_type else "type not stated"
    print(f"PMO: {pmo} ({kind})")
    if mandate.statement:
        print(f"Mandate: {mandate.statement}")
    print(f"{len(catalogue.objectives)} objectives, {len(catalogue.customers)} customers, "
          f"{len(catalogue.services)} services")
    print()
    for service in catalogue.services:
        effort = f"{service.effort_fte:g} FTE" if service.effort_fte is not None else "effort ?"
        links = ", ".join(service.objectives) or "no objective"
        print(f"  {service.id:<10} {service.name[:50]:<50} {effort:>10}  {links}")
    print()
    errors = len(result.errors)
    print(f"{len(result.issues)} issues ({errors} errors, {len(result.issues) - errors} warnings)")
    for issue in result.issues:
        where = " ".join(
            part for part in (
                f"sheet '{issue.sheet}'" if issue.sheet else "",
                f"row {issue.row}" if issue.row else "",
                f"column '{issue.column}'" if issue.column else "",
            ) if part
        )
        print(f"  {issue.severity.value:<7} {issue.code.value:<24} {where}: {issue.message}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m catalogue",
        description="Import a PMO service catalogue workbook and list what was read.",
    )
    parser.add_argument("file", help="the catalogue workbook (.xlsx, .xlsm, .xls, .ods)")
    parser.add_argument("--mandate", help="a second workbook holding the mandate")
    add_reading_options(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    try:
        options = reading_options(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        data = Path(args.file).read_bytes()
        mandate = Path(args.mandate).read_bytes() if args.mandate else None
        result = import_catalogue(
            data, filename=Path(args.file).name, mandate=mandate,
            mandate_filename=Path(args.mandate).name if args.mandate else "", **options,
        )
    except CatalogueError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot read {exc.filename or args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        if args.json:
            json.dump(result_to_json(result), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            _print_summary(result)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (| head) stopped listening: not our error
        sys.stderr.close()
    return 0
