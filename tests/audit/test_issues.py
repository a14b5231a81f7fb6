"""Import issues re-checked against the mandate as people edited it (audit.issues)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from audit.config import AuditConfig
from audit.engine import run_audit
from audit.issues import issues_now, unknown_customers
from audit.model import AuditOverrides
from catalogue.importer import import_catalogue
from catalogue.model import Customer, IssueCode

SAMPLE = Path(__file__).resolve().parents[2] / "sample_catalogues" / "coaching_story.xlsx"
CONFIG = AuditConfig(as_of=dt.date(2026, 11, 22))


@pytest.fixture(scope="module")
def imported():
    return import_catalogue(SAMPLE.read_bytes(), filename=SAMPLE.name)


def unknown_issues(issues):
    return [i for i in issues if i.code is IssueCode.UNKNOWN_CUSTOMER]


def test_without_edits_the_importers_issues_stand(imported):
    result = run_audit(imported.catalogue, CONFIG)
    assert issues_now(imported.issues, result, AuditOverrides()) == tuple(imported.issues)
    assert set(unknown_customers(result)) == {"Project boards", "Directors",
                                              "Finance business partners"}


def test_a_group_added_in_the_app_clears_its_issues_and_keeps_the_others(imported):
    customers = (*imported.catalogue.customers, Customer("Directors"))
    overrides = AuditOverrides(customers=customers)
    result = run_audit(imported.catalogue, CONFIG, overrides)
    now = unknown_issues(issues_now(imported.issues, result, overrides))
    assert now and all("'Directors'" not in i.message for i in now)
    assert all("'Project boards'" in i.message or "'Finance business partners'" in i.message
               for i in now)
    # the rows still concerned, and only those: row 5 (CPO-04) named only 'Directors'
    before = set(unknown_issues(imported.issues)[0].rows)
    rows = {r for i in now for r in i.rows}
    assert 5 in before and 5 not in rows and rows < before
    assert all(i.sheet == "Services" and i.column == "Customers" for i in now)


def test_a_group_removed_in_the_app_makes_the_names_that_used_it_unknown(imported):
    kept = tuple(c for c in imported.catalogue.customers if c.name != "Project managers")
    overrides = AuditOverrides(customers=kept)
    result = run_audit(imported.catalogue, CONFIG, overrides)
    now = unknown_issues(issues_now(imported.issues, result, overrides))
    flagged = [i for i in now if "'Project managers'" in i.message]
    assert flagged and all(i.sheet == "Services" for i in flagged)
    services = {s.row for s in imported.catalogue.services if "Project managers" in s.customers}
    assert services <= {r for i in flagged for r in i.rows}


def test_an_issue_unrelated_to_customers_is_never_touched(imported):
    other = [i for i in imported.issues if i.code is not IssueCode.UNKNOWN_CUSTOMER]
    customers = (*imported.catalogue.customers, Customer("Directors"),
                 Customer("Project boards"), Customer("Finance business partners"))
    overrides = AuditOverrides(customers=customers)
    result = run_audit(imported.catalogue, CONFIG, overrides)
    now = issues_now(imported.issues, result, overrides)
    assert not unknown_issues(now)
    assert list(now) == other
