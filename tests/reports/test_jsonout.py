"""The --json document: the shape the issue fixes, checked with jsonschema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from audit import run_audit
from catalogue.model import Catalogue, Issue, IssueCode, Service, ServiceStatus, Severity
from reports.jsonout import audit_to_json, dumps
from tests.audit.builders import CONFIG, catalogue, service

NUMBER = {"type": "number"}
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
# A headline the mandate gives nothing to measure against is null ("not known"), never 0.
FRACTION_OR_NULL = {"oneOf": [FRACTION, {"type": "null"}]}
STRINGS = {"type": "array", "items": {"type": "string"}}

SCHEMA = {
    "type": "object",
    "required": ["summary", "services", "objectives", "customers", "findings", "issues",
                 "function_groups"],
    "properties": {
        "summary": {
            "type": "object",
            "required": ["services", "objective_coverage", "customer_coverage",
                         "effort_in_mandate", "mandate_fit"],
            "properties": {
                "services": {"type": "integer", "minimum": 0},
                "objective_coverage": FRACTION_OR_NULL,
                "customer_coverage": FRACTION_OR_NULL,
                "effort_in_mandate": FRACTION_OR_NULL,
                "mandate_fit": FRACTION_OR_NULL,
                "after_plan": {"oneOf": [{"type": "null"}, {
                    "type": "object",
                    "required": ["planned", "retiring", "objective_coverage",
                                 "customer_coverage", "effort_in_mandate", "mandate_fit",
                                 "explanation"],
                    "properties": {
                        "planned": {"type": "integer", "minimum": 0},
                        "retiring": {"type": "integer", "minimum": 0},
                        "objective_coverage": FRACTION_OR_NULL,
                        "customer_coverage": FRACTION_OR_NULL,
                        "effort_in_mandate": FRACTION_OR_NULL,
                        "mandate_fit": FRACTION_OR_NULL,
                        "explanation": {"type": "string"},
                    },
                }]},
            },
        },
        "services": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "name", "objectives", "customers", "links", "alignment",
                         "value", "recommendation", "flags", "function", "function_group"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "objectives": STRINGS,
                "customers": STRINGS,
                "links": {"enum": ["explicit", "suggested", "none"]},
                "alignment": FRACTION,
                "value": {"oneOf": [FRACTION, {"type": "null"}]},
                "recommendation": {"enum": ["keep", "improve", "rethink", "retire"]},
                "flags": {"type": "array", "items": {"enum": [
                    "service-outside-mandate", "objective-not-covered", "customer-not-served",
                    "customer-outside-mandate", "pmo-type-mismatch", "low-value",
                    "stale-service", "overlapping-services", "effort-misaligned",
                    "missing-data", "pmo-type-underreach", "function-not-provided"]}},
                "function": {"type": ["string", "null"]},
                "function_group": {"type": ["string", "null"]},
            },
        }},
        "objectives": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "statement", "priority", "services", "effort_share",
                         "priority_share"],
            "properties": {
                "id": {"type": "string"},
                "statement": {"type": "string"},
                "priority": {"oneOf": [NUMBER, {"type": "null"}]},
                "services": STRINGS,
                "effort_share": {"oneOf": [FRACTION, {"type": "null"}]},
                "priority_share": {"oneOf": [FRACTION, {"type": "null"}]},
            },
        }},
        "customers": {"type": "array", "items": {
            "type": "object", "required": ["name", "services"],
            "properties": {"name": {"type": "string"}, "services": STRINGS},
        }},
        "findings": {"type": "array", "items": {
            "type": "object", "required": ["code", "severity", "subjects", "message"],
            "properties": {
                "code": {"type": "string"},
                "severity": {"enum": ["high", "medium", "low"]},
                "subjects": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "message": {"type": "string", "minLength": 1},
            },
        }},
        "function_groups": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "name", "services", "effort_share", "priority_share"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "services": STRINGS,
                "effort_share": {"oneOf": [FRACTION, {"type": "null"}]},
                "priority_share": {"oneOf": [FRACTION, {"type": "null"}]},
            },
        }},
        "issues": {"type": "array", "items": {
            "type": "object",
            "required": ["severity", "code", "sheet", "row", "column", "message"],
        }},
    },
}


def document_for(cat, issues=()):
    text = dumps(audit_to_json(run_audit(cat, CONFIG), issues))
    return json.loads(text)


def varied_catalogue():
    return catalogue(
        service("S1", "Dashboard", objectives=("O1",), effort_fte=2.0),
        service("S2", "Benefits realisation tracking", description="Track realised benefits",
                customers=()),
        service("S3", "Office move", customers=("Facilities",), demand=None, satisfaction=None),
        service("S4", "Old", status=ServiceStatus.RETIRED),
    )


def test_the_document_has_the_issue_shape():
    issue = Issue(Severity.WARNING, IssueCode.UNKNOWN_CUSTOMER, "Facilities is unknown",
                  sheet="Services", row=4, column="Customers")
    document = document_for(varied_catalogue(), [issue])
    jsonschema.validate(document, SCHEMA)
    assert document["issues"] == [issue.to_json()]


@pytest.mark.parametrize("cat", [catalogue(), catalogue(objectives=(), customers=()),
                                 catalogue(service("S1", "x", effort_fte=None))])
def test_edge_documents_have_the_shape_too(cat):
    jsonschema.validate(document_for(cat), SCHEMA)


def test_services_say_which_links_were_used_and_their_flags():
    document = document_for(varied_catalogue())
    by_id = {s["id"]: s for s in document["services"]}
    assert by_id["S1"]["links"] == "explicit" and by_id["S1"]["objectives"] == ["O1"]
    assert by_id["S2"]["links"] == "suggested" and by_id["S2"]["objectives"][0] == "O2"
    assert by_id["S2"]["objective_link_details"][0]["kind"] == "suggested"
    assert 0 < by_id["S2"]["objective_link_details"][0]["confidence"] < 1
    assert by_id["S3"]["links"] == "none" and by_id["S3"]["value"] is None
    assert by_id["S3"]["value_reason"].startswith("Not enough evidence")
    assert "service-outside-mandate" in by_id["S3"]["flags"]
    assert by_id["S4"]["recommendation"] == "retire"
    findings_naming = {f["subjects"][0] for f in document["findings"]
                       if f["code"] == "service-outside-mandate"}
    assert findings_naming == {"S3"}


def test_summary_explains_each_figure():
    summary = document_for(varied_catalogue())["summary"]
    for key in ("objective_coverage", "customer_coverage", "effort_in_mandate", "mandate_fit"):
        assert summary["explanations"][key]


def test_a_catalogue_without_a_mandate_has_null_headlines_not_zero():
    bare = Catalogue(services=(Service("S1", "Status report", effort_fte=1.0, demand=12,
                                       satisfaction=4.0),))
    document = document_for(bare)
    jsonschema.validate(document, SCHEMA)
    for key in ("objective_coverage", "customer_coverage", "mandate_fit"):
        assert document["summary"][key] is None, key
    assert document["findings"][0]["code"] == "no-mandate"


def test_dumps_refuses_nan():
    with pytest.raises(ValueError):
        dumps({"x": float("nan")})


def test_services_carry_their_pmo_function_and_the_document_its_function_mix():
    document = document_for(varied_catalogue())
    by_id = {s["id"]: s for s in document["services"]}
    assert by_id["S2"]["function"] == "benefits-management"
    assert by_id["S2"]["function_group"] == "strategic"
    assert by_id["S1"]["function_group"] == "monitoring"
    groups = {g["id"]: g for g in document["function_groups"]}
    assert {"monitoring", "competencies", "multiproject", "strategic", "learning", "other",
            "admin"} <= set(groups)
    assert "S1" in groups["monitoring"]["services"]
    # Effort in service is all S1's (S2 and S3 have the builder's default effort).
    assert sum(g["effort_share"] for g in groups.values()) == pytest.approx(1.0)
    assert sum(g["priority_share"] for g in groups.values()) == pytest.approx(1.0)
    objectives = {o["id"]: o for o in document["objectives"]}
    assert objectives["O2"]["function_group"] == "strategic"
    assert "O2" in groups["strategic"]["objectives"]


def test_a_service_without_any_text_has_no_function():
    cat = catalogue(service("S1", "", effort_fte=1.0))
    document = document_for(cat)
    assert document["services"][0]["function"] is None
    assert document["services"][0]["function_group"] is None
