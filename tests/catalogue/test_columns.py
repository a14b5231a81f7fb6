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


@pytest.mark.parametrize(("header", "field"), [
    # the header variants real catalogues showed (issue 12)
    ("client_target_groups", "customers"), ("owner_org", "owner"), ("Name (English)", "name"),
    ("Name (French)", "name"), ("Label", "name"), ("Standard Name", "name"),
    ("Product Name", "name"), ("Programme name", "name"), ("Identifier", "id"),
    ("Department", "owner"), ("Ministry", "owner"), ("Organization (Name)", "owner"),
    ("Organisation Name", "owner"), ("Competent authority", "owner"), ("Provider", "owner"),
    ("Service manager", "owner"), ("Clients", "customers"), ("Target groups", "customers"),
    ("Beneficiaries", "customers"), ("Primary beneficiary", "customers"),
    ("Eligibility", "customers"), ("Demographic requirements", "customers"),
    ("Volume", "demand"), ("Applications", "demand"), ("Enquiries", "demand"),
    ("Visits", "demand"), ("Usage per quarter", "demand"),
    ("Year of last service review", "last_reviewed"), ("Fiscal year", "period"),
    # folded: camelCase, accents, the other six languages
    ("serviceOwner", "owner"), ("targetGroups", "customers"), ("Nome do Serviço", "name"),
    ("ID SERV", "id"), ("RESPONSABLE DEL SERVICIO", "owner"), ("Intitulé", "name"),
    ("Bénéficiaires", "customers"), ("Zielgruppe", "customers"), ("Verantwortlich", "owner"),
    ("Responsabile", "owner"), ("Doelgroep", "customers"), ("Boekjaar", "period"),
])
def test_real_catalogue_headers(header, field):
    assert SERVICES.field_for(header) == field


def test_surer_headers_score_higher():
    def score(header):
        return dict(SERVICES.scores(header))["owner"]
    assert score("Service owner") > score("Department or Agency") > score("Ministry")
    assert score("Service owner") > score("Service manager")
    feedback = dict(SERVICES.scores("Feedback"))["satisfaction"]
    assert dict(SERVICES.scores("Feedback channels"))["satisfaction"] < feedback < 1
    assert SERVICES.field_for("Service owner email") is None  # about the owner, not the owner
