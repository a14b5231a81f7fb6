"""`python -m catalogue FILE [--mandate FILE] [--json]`: what a workbook imports as.

Exit 0 when a catalogue was built (whatever its issues), 2 when none could be, with one
line starting `error:` on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from catalogue.errors import CatalogueError
from catalogue.importer import import_catalogue
from catalogue.model import Catalogue, ImportResult, Service


def service_to_json(service: Service) -> dict:
    """A service as the command line's JSON prints it."""
    return {
        "id": service.id,
        "name": service.name,
        "description": service.description,
        "customers": list(service.customers),
        "objectives": list(service.objectives),
        "effort_fte": service.effort_fte,
        "cost": service.cost,
        "demand": service.demand,
        "satisfaction": service.satisfaction,
        "last_reviewed": service.last_reviewed.isoformat() if service.last_reviewed else None,
        "status": service.status.value if service.status else None,
        "mandatory": service.mandatory,
        "nature": service.nature.value if service.nature else None,
        "sheet": service.sheet or "",
        "row": service.row or 0,
    }


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
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    try:
        data = Path(args.file).read_bytes()
        mandate = Path(args.mandate).read_bytes() if args.mandate else None
        result = import_catalogue(
            data, filename=Path(args.file).name, mandate=mandate,
            mandate_filename=Path(args.mandate).name if args.mandate else "",
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
