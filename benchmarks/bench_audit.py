"""How long the audit takes, and how much memory it needs, on synthetic catalogues.

Run by hand (not in CI):

    .venv/bin/python benchmarks/bench_audit.py                 # 1,000 / 10,000 / 100,000
    .venv/bin/python benchmarks/bench_audit.py --sizes 1000 5000

Each size runs in a fresh process so its peak memory (max RSS) is its own. The
catalogues are built in memory (no workbook is read): services drawn from PMO wording
(reporting, RAID, benefits, gates, resources...), with customers, objective links for
some, effort, demand, satisfaction, dates, statuses and natures, and a share of
near-copies so overlap detection has work to do. The time measured is `run_audit` alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalogue.model import (
    Catalogue,
    Customer,
    Mandate,
    Objective,
    PMOType,
    Service,
    ServiceStatus,
)

OBJECTIVES = (
    ("O1", "Give the executive team a single, reliable view of portfolio status and risk",
     "Monthly portfolio report accepted by the executive committee", 5),
    ("O2", "Improve the predictability of project delivery against time, cost and scope",
     "80% of projects within 10% of baselined schedule and budget", 5),
    ("O3", "Make sure investment decisions favour projects that support the strategy",
     "Every proposal scored against strategic criteria before approval", 4),
    ("O4", "Realise the benefits promised in approved business cases",
     "75% of forecast benefits realised", 4),
    ("O5", "Build project management capability across the organisation",
     "Accredited project managers; competency assessment scores", 3),
    ("O6", "Allocate scarce people and skills where they matter most",
     "Resource conflicts resolved before project start", 3),
    ("O7", "Ensure projects follow the governance framework and stage gate standards",
     "All projects pass gate reviews with complete documentation", 4),
    ("O8", "Manage portfolio risks and issues before they harm delivery",
     "Top risks reviewed monthly with owners and mitigation plans", 4),
    ("O9", "Coordinate suppliers so that contracted deliverables arrive as agreed",
     "Supplier milestones met", 2),
    ("O10", "Prepare the business to adopt changes delivered by projects",
     "Readiness criteria met before go-live", 2),
)
CUSTOMERS = (
    ("Executives", 5, "A clear, reliable view of the portfolio and decisions needed"),
    ("Project managers", 4, "Practical help, templates, coaching and training"),
    ("Programme managers", 3, "Integrated plans, dependency and risk management"),
    ("Sponsors", 4, "Benefits tracking and assurance of their projects"),
    ("Portfolio board", 5, "Prioritised investment proposals and portfolio reports"),
    ("Finance", 2, "Reliable cost forecasts and actuals"),
    ("Resource managers", 2, "Visibility of demand for people and skills"),
    ("Business change leads", 2, "Readiness and adoption support"),
)
EXTRA_CUSTOMERS = ("HR", "Facilities", "IT operations", "Marketing", "Procurement")

CADENCE = ("Weekly", "Monthly", "Quarterly", "Annual", "Fortnightly", "Ad hoc", "Daily", "")
SCOPE = ("portfolio", "programme", "project", "executive", "departmental", "regional",
         "enterprise", "divisional", "cross-team", "")
TOPICS = ("status", "risk", "issue", "benefits", "resource", "schedule", "cost", "budget",
          "governance", "capability", "supplier", "change", "quality", "dependency",
          "investment", "roadmap", "milestone", "lessons learned", "RAID", "stage gate",
          "business case", "capacity", "skills", "estimating", "assurance", "compliance",
          "methodology", "template", "financial", "demand", "intake", "readiness",
          "stakeholder", "communications", "contract", "performance", "KPI", "timesheet",
          "tooling", "knowledge")
ACTIVITIES = ("reporting", "review", "tracking", "workshop", "dashboard", "support",
              "coaching", "administration", "assurance", "analysis", "planning",
              "register upkeep", "training", "health check", "audit", "forecasting",
              "consolidation", "facilitation", "escalation", "library")
VERBS = ("Collect", "Consolidate", "Maintain", "Produce", "Run", "Facilitate", "Review",
         "Track", "Publish", "Chase", "Prepare", "Analyse", "Administer", "Coordinate",
         "Check", "Advise on", "Record", "Score", "Plan", "Update")
OBJECTS = ("highlight reports", "RAID logs", "benefit profiles", "gate decisions",
           "resource plans", "cost forecasts", "templates and guidance", "training courses",
           "supplier scorecards", "change requests", "dependency maps", "lessons logs",
           "business cases", "roadmaps", "milestone plans", "skills records",
           "investment proposals", "readiness assessments", "dashboards", "timesheets",
           "quality reviews", "estimates", "assurance reports", "KPI packs")
FOR = ("for the executive committee", "for project managers", "for the portfolio board",
       "for sponsors", "for programme teams", "for finance", "for resource managers",
       "across all projects", "for new starters", "for the transformation programme",
       "for the steering group", "across the portfolio")
TOOLS = ("in Clarity", "in Jira", "in SharePoint", "in Excel", "in Power BI", "in Planview",
         "in the PMO tool", "", "", "")
VALUE = ("Report on time", "Risks with owners", "Benefits realised", "Attendance",
         "Satisfaction score", "Gates held on time", "Forecast accuracy", "Downloads", "",
         "")


def synthetic_catalogue(size: int, seed: int = 7) -> Catalogue:
    """A catalogue of `size` services in PMO wording, reproducible from the seed."""
    rng = random.Random(seed)
    objectives = tuple(Objective(id=i, statement=s, success_measure=m, priority=p)
                       for i, s, m, p in OBJECTIVES)
    customers = tuple(Customer(name=n, importance=w, expectations=e) for n, w, e in CUSTOMERS)
    customer_names = [c.name for c in customers] + list(EXTRA_CUSTOMERS)
    statuses = ([ServiceStatus.ACTIVE] * 14 + [None] * 3
                + [ServiceStatus.PLANNED, ServiceStatus.RETIRING, ServiceStatus.RETIRED])
    natures = [PMOType.SUPPORTIVE] * 5 + [PMOType.CONTROLLING] * 3 + [PMOType.DIRECTIVE, None]
    today = dt.date(2025, 6, 30)
    services = []
    previous: list[Service] = []
    for k in range(size):
        if previous and rng.random() < 0.05:  # a near-copy of an earlier service
            base = rng.choice(previous)
            services.append(Service(id=f"S{k:06d}", name=base.name + " (team B)",
                                    description=base.description, category=base.category,
                                    customers=base.customers, effort_fte=base.effort_fte))
            continue
        topic, activity = rng.choice(TOPICS), rng.choice(ACTIVITIES)
        name = " ".join(w for w in (rng.choice(CADENCE), rng.choice(SCOPE), topic, activity)
                        if w).strip().capitalize()
        description = " ".join(w for w in (rng.choice(VERBS), rng.choice(OBJECTS),
                                           rng.choice(FOR), rng.choice(TOOLS),
                                           f"covering {rng.choice(TOPICS)} and "
                                           f"{rng.choice(TOPICS)}") if w)
        linked = rng.random() < 0.4
        service = Service(
            id=f"S{k:06d}",
            name=name,
            description=description if rng.random() < 0.9 else None,
            category=rng.choice(TOPICS).capitalize() if rng.random() < 0.8 else None,
            customers=tuple(rng.sample(customer_names, rng.choice((0, 1, 1, 2, 3)))),
            objectives=tuple(rng.sample([o.id for o in objectives], rng.choice((1, 1, 2))))
            if linked else (),
            owner=rng.choice(("Ana", "Ben", "Chloe", "Dev", None)),
            effort_fte=round(rng.lognormvariate(-1.0, 0.8), 2) if rng.random() < 0.85 else None,
            demand=float(int(rng.lognormvariate(3, 1.2))) if rng.random() < 0.7 else None,
            satisfaction=round(rng.uniform(1, 5), 1) if rng.random() < 0.6 else None,
            last_reviewed=today - dt.timedelta(days=rng.randint(0, 900))
            if rng.random() < 0.7 else None,
            last_delivered=today - dt.timedelta(days=rng.randint(0, 700))
            if rng.random() < 0.7 else None,
            status=rng.choice(statuses),
            mandatory=rng.random() < 0.1,
            nature=rng.choice(natures),
            value_measure=rng.choice(VALUE) or None,
        )
        services.append(service)
        if len(previous) < 5000:
            previous.append(service)
    mandate = Mandate(pmo_name="Synthetic PMO", pmo_type=PMOType.CONTROLLING,
                      statement="Portfolio office for the whole organisation")
    return Catalogue(mandate=mandate, objectives=objectives, customers=customers,
                     services=tuple(services), source=f"synthetic-{size}")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size: int) -> dict:
    """Build a catalogue of `size` services, audit it, and return time and memory."""
    from audit import AuditConfig, run_audit

    catalogue = synthetic_catalogue(size)
    before = _peak_rss_mb()
    config = AuditConfig(as_of=dt.date(2025, 6, 30))
    start, cpu_start = time.perf_counter(), time.process_time()
    result = run_audit(catalogue, config)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {
        "services": size,
        "audit_seconds": round(seconds, 3),
        "audit_cpu_seconds": round(cpu, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "peak_rss_before_audit_mb": round(before, 1),
        "findings": len(result.findings),
        "overlap_groups": sum(1 for f in result.findings
                              if f.code.value == "overlapping-services"),
        "suggested_links": sum(1 for s in result.services if s.objective_link_kind == "suggested"),
    }


def main() -> None:
    """Run each size in its own process and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    print(f"{'services':>9} {'audit s':>8} {'cpu s':>7} {'peak MB':>8} {'MB before':>9} "
          f"{'findings':>9} {'overlaps':>8} {'suggested':>9}")
    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True,
                             capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['services']:>9,} {row['audit_seconds']:>8.2f} "
              f"{row['audit_cpu_seconds']:>7.2f} {row['peak_rss_mb']:>8.0f} "
              f"{row['peak_rss_before_audit_mb']:>9.0f} {row['findings']:>9,} "
              f"{row['overlap_groups']:>8,} {row['suggested_links']:>9,}")
    by_size = {r["services"]: r for r in rows}
    if 10_000 in by_size and 100_000 in by_size:
        for key, what in (("audit_seconds", "time"), ("audit_cpu_seconds", "CPU time")):
            growth = by_size[100_000][key] / max(by_size[10_000][key], 1e-9)
            print(f"{what} from 10,000 to 100,000 services: x{growth:.1f} (target: at most x15)")


if __name__ == "__main__":
    main()
