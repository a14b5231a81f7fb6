"""The command line: `python -m audit CATALOGUE.xlsx [--mandate FILE] [--config FILE] [--json] [--report OUT.xlsx]`.

Exit codes: 0 when a catalogue was built and audited; 2 when no catalogue could be built
(the file is missing or unreadable, the importer refused it, or the config is wrong),
with one line starting "error:" on standard error and no traceback; 1 when the audit or
the report failed after the catalogue was built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from catalogue.cli import add_reading_options, reading_options
from catalogue.errors import CatalogueError, PmoAuditorError
from catalogue.model import ImportResult

from .config import AuditConfig, ConfigError, load_config
from .model import AuditResult
from .rules_text import example_config_toml, rules_markdown

EXIT_OK, EXIT_FAILED, EXIT_NO_CATALOGUE = 0, 1, 2


class _Refused(PmoAuditorError):
    """A problem that ends the run with one error line and an exit status."""

    code = "refused"

    def __init__(self, message: str, exit_status: int = EXIT_NO_CATALOGUE) -> None:
        super().__init__(message)
        self.exit_status = exit_status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m audit",
        description="Audit a PMO service catalogue against its mandate.",
        epilog="Exit status: 0 audited; 2 no catalogue could be built (or a bad config); "
               "1 the audit or report failed. RULES.md explains every rule and setting.")
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="the catalogue workbook (.xlsx, .xlsm, .xls, .ods)")
    parser.add_argument("--mandate", metavar="FILE",
                        help="a second workbook holding the mandate, objectives and customers")
    parser.add_argument("--config", metavar="FILE",
                        help="a TOML (or .json) file of settings to change (see RULES.md)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document instead of the readable summary")
    add_reading_options(parser)
    parser.add_argument("--report", metavar="OUT.xlsx", help="also write the Excel audit report")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                        help="audit as of this date (default: the config's as_of, or today)")
    parser.add_argument("--rules", action="store_true",
                        help="print the audit's rules (RULES.md) and exit")
    parser.add_argument("--example-config", action="store_true",
                        help="print a config file with every setting and its default, and exit")
    return parser


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _read(path_text: str, what: str) -> bytes:
    path = Path(path_text)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _Refused(f"{what} not found: {path_text}") from None
    except IsADirectoryError:
        raise _Refused(f"{what} is a folder, not a file: {path_text}") from None
    except OSError as exc:
        raise _Refused(f"cannot read {what} {path_text}: {exc.strerror or exc}") from None


def _config(args: argparse.Namespace) -> AuditConfig:
    try:
        config = load_config(args.config) if args.config else AuditConfig()
        if args.as_of:
            try:
                as_of = dt.date.fromisoformat(args.as_of)
            except ValueError:
                raise ConfigError(f"--as-of must be a date written YYYY-MM-DD, not "
                                  f"{args.as_of!r}") from None
            config = AuditConfig(**{**config.__dict__, "as_of": as_of})
    except ConfigError as exc:
        raise _Refused(str(exc)) from None
    return config


def _import(args: argparse.Namespace) -> ImportResult:
    data = _read(args.file, "catalogue file")
    mandate = _read(args.mandate, "mandate file") if args.mandate else None
    try:
        from catalogue import import_catalogue
    except ImportError:
        raise _Refused("this installation has no catalogue importer "
                       "(catalogue.import_catalogue)") from None
    try:
        kwargs: dict[str, Any] = {"filename": Path(args.file).name, **reading_options(args)}
    except ValueError as exc:
        raise _Refused(str(exc)) from None
    if mandate is not None:
        kwargs["mandate"] = mandate
        kwargs["mandate_filename"] = Path(args.mandate).name
    try:
        return import_catalogue(data, **kwargs)
    except CatalogueError as exc:
        raise _Refused(f"{args.file}: {exc}") from None
    except Exception as exc:  # an importer bug must still not show a traceback
        if os.environ.get("AUDIT_DEBUG"):
            raise
        raise _Refused(f"{args.file} could not be read ({type(exc).__name__}: {exc})") from None


def _safe(text: object) -> str:
    """Text for a terminal: control characters (an escape sequence, a bell) shown as \\xNN."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else
                   (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                   for ch in text)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _percent(value: float | None) -> str:
    return "not known" if value is None else f"{value * 100:.0f}%"


def print_summary(result: AuditResult, issues: Sequence, out: TextIO) -> None:
    """The readable summary, the findings table and the services table."""
    width = max(60, min(shutil.get_terminal_size((110, 24)).columns, 160))
    summary, mandate = result.summary, result.catalogue.mandate
    name = _safe(mandate.pmo_name) if mandate.pmo_name else "PMO"
    source = f" ({_safe(result.catalogue.source)})" if result.catalogue.source else ""
    write = out.write
    write(f"PMO service catalogue audit: {name}{source}, as of {result.as_of.isoformat()}\n")
    effort = (f", {summary.total_effort_fte:.1f} FTE of known effort"
              if summary.total_effort_fte is not None else "")
    write(f"{summary.services:,} services ({summary.services_in_service:,} in service){effort}\n\n")
    for label, headline in (("Objective coverage", summary.objective_coverage),
                            ("Customer coverage", summary.customer_coverage),
                            ("Effort inside the mandate", summary.effort_in_mandate),
                            ("Mandate fit", summary.mandate_fit)):
        lead = f"{label:<26} {_percent(headline.value):>9}  "
        write(textwrap.fill(headline.explanation, width=width, initial_indent=lead,
                            subsequent_indent=" " * len(lead)) + "\n")
    counts = summary.recommendations
    write("\nRecommendations: " + ", ".join(f"{k} {counts.get(k, 0):,}"
                                           for k in ("keep", "improve", "rethink", "retire"))
          + "\n")
    for note in summary.notes:
        write(textwrap.fill(note, width=width, initial_indent="Note: ",
                            subsequent_indent="      ") + "\n")
    if issues:
        write(f"\nImport issues ({len(issues):,}):\n")
        for issue in issues[:20]:
            where = ", ".join(p for p in (
                f"sheet {_safe(issue.sheet)}" if issue.sheet else "",
                f"row {issue.row}" if issue.row else "",
                f"column {_safe(issue.column)}" if issue.column else "") if p)
            write(f"  {issue.severity.value:<7} {issue.code.value}"
                  f"{' (' + where + ')' if where else ''}: {_safe(_one_line(issue.message))}\n")
        if len(issues) > 20:
            write(f"  ... and {len(issues) - 20:,} more (see --json or --report)\n")

    severities = summary.findings_by_severity
    write(f"\nFindings ({len(result.findings):,}: " + ", ".join(
        f"{severities.get(k, 0):,} {k}" for k in ("high", "medium", "low")) + ")\n")
    if result.findings:
        head = f"{'SEVERITY':<8}  {'FINDING':<24}  {'ABOUT':<16}  MESSAGE"
        write(head + "\n")
        indent = " " * 54
        for finding in result.findings:
            about = _cut(_safe(", ".join(finding.subjects)), 16)
            lead = f"{finding.severity.value:<8}  {finding.code.value:<24}  {about:<16}  "
            write(textwrap.fill(_safe(finding.message), width=max(width, 80),
                                initial_indent=lead, subsequent_indent=indent) + "\n")
    write(f"\nServices ({len(result.services):,})\n")
    if result.services:
        write(f"{'ID':<10}  {'SERVICE':<34}  {'LINKS':<9}  {'ALIGN':>5}  {'VALUE':>5}  "
              f"RECOMMENDATION\n")
        for s in result.services:
            value = "n/a" if s.value is None else f"{s.value:.2f}"
            write(f"{_cut(_safe(s.service_id), 10):<10}  {_cut(_safe(s.name), 34):<34}  "
                  f"{s.objective_link_kind:<9}  {s.alignment:>5.2f}  {value:>5}  "
                  f"{s.recommendation.value}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")
    if args.rules:
        out.write(rules_markdown())
        return EXIT_OK
    if args.example_config:
        out.write(example_config_toml())
        return EXIT_OK
    if not args.file:
        parser.error("the catalogue FILE is required")
    try:
        config = _config(args)
        imported = _import(args)
        # The analysis libraries load only once there is a catalogue to audit.
        from reports.excel import write_report
        from reports.jsonout import audit_to_json, dumps

        from .engine import run_audit

        try:
            result = run_audit(imported.catalogue, config)
        except Exception as exc:
            if os.environ.get("AUDIT_DEBUG"):
                raise
            raise _Refused(f"the audit failed ({type(exc).__name__}: {exc})",
                           EXIT_FAILED) from None
        if args.report:
            try:
                write_report(result, args.report, imported.issues)
            except OSError as exc:
                raise _Refused(f"cannot write the report {args.report}: "
                               f"{exc.strerror or exc}", EXIT_FAILED) from None
        if args.json:
            out.write(dumps(audit_to_json(result, imported.issues)) + "\n")
        else:
            print_summary(result, list(imported.issues), out)
            if args.report:
                out.write(f"\nReport written to {args.report}\n")
    except _Refused as refused:
        sys.stderr.write(f"error: {_safe(_one_line(refused))}\n")
        return refused.exit_status
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return EXIT_OK
