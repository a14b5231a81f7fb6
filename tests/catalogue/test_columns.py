"""Headers recognised by their many usual names."""

import pytest

from catalogue.columns import SERVICES


@pytest.mark.parametrize(("header", "field"), [
    ("Service", "name"), ("Service name", "name"), ("PMO Service", "name"), ("Name", "name"),
    ("  SERVICE   NAME ", "name"), ("Services", "name"),
    ("Description", "description"), ("What we provide", "description"),
    ("Customers", "customers"), ("Customer(s)", "customers"), ("Target users", "customers"),
    ("Consumers", "customers"), ("Audience", "customers"), ("Who for", "customers"),
    ("Who for?", "customers"),
    ("Objectives", "objectives"), ("Mandate objective", "objectives"),
    ("Supports objective", "objectives"), ("Strategic objective", "objectives"),
    ("Effort (FTE)", "effort_fte"), ("FTE", "effort_fte"), ("Effort", "effort_fte"),
    ("Last reviewed", "last_reviewed"), ("Review date", "last_reviewed"),
    ("Annual cost (£)", "cost"), ("Cost (£k)", "cost"), ("Satisfaction (1-5)", "satisfaction"),
    ("Mandatory?", "mandatory"), ("Service ID", "id"), ("Ref.", "id"), ("KPI", "value_measure"),
    ("When last reviewed", "last_reviewed"), ("Approx. FTE", "effort_fte"), ("Est. cost", "cost"),
    ("Feedback (out of 5)", "satisfaction"), ("Last done", "last_delivered"),
])
def test_service_headers(header, field):
    assert SERVICES.field_for(header) == field


@pytest.mark.parametrize("header", ["RAG", "Comments", "", None, "Colour", "Risk score",
                                    "Contract value", "Board paper ref"])
def test_unknown_headers_are_not_guessed(header):
    assert SERVICES.field_for(header) is None
