"""The column vocabulary: every header a catalogue may use for each field, in one place.

To teach the importer a new header, add it to the field's list below. Headers are
compared after `header_key` folds case, spacing, punctuation, plurals and units, so
"Customer(s)", "CUSTOMERS" and "customer" are one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalogue.words import singular

# Service fields -> the headers that mean them. The first is the template's header.
SERVICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Service ID", "ID", "Ref", "Reference", "Service ref", "Service reference",
           "Service no", "Service number", "No", "Number", "#", "Code", "Service code",
           "Catalogue ID", "Item ID"),
    "name": ("Service name", "Service", "PMO service", "Name", "Service title", "Title",
             "Service offered", "Offering", "Service offering", "Activity", "Function",
             "Deliverable", "Product", "Service or product", "Services"),
    "description": ("Description", "What we provide", "Service description", "Details",
                    "Summary", "What it is", "What we do", "Scope", "Detail",
                    "Service details", "What is provided", "Overview", "Purpose"),
    "category": ("Category", "Service category", "Type", "Service type", "Group",
                 "Service group", "Area", "Service area", "Capability", "Domain",
                 "Service line", "Theme", "Practice area"),
    "customers": ("Customers", "Customer", "Target users", "Consumers", "Audience",
                  "Who for", "Who is it for", "Users", "Stakeholders", "Recipients",
                  "Beneficiaries", "Clients", "Served", "Serves", "Customer group",
                  "Customer groups", "Target audience", "Intended users", "For whom",
                  "Provided to", "Service users", "Consumer"),
    "objectives": ("Objectives", "Objective", "Mandate objective", "Supports objective",
                   "Strategic objective", "Objective IDs", "Linked objectives",
                   "Mandate objectives", "Supports", "Contributes to", "Goal", "Goals",
                   "Strategic goal", "Aligned objective", "Objective supported",
                   "Objectives supported", "Mandate link", "Supports mandate objective",
                   "Outcome", "Outcomes"),
    "owner": ("Owner", "Service owner", "Lead", "Responsible", "Accountable",
              "Owned by", "Service lead", "Contact", "Provider", "Delivered by"),
    "effort_fte": ("Effort (FTE)", "FTE", "Effort", "Effort FTE", "Headcount",
                   "Staff effort", "Resource", "Resources", "Capacity", "People",
                   "Effort in FTE", "FTE effort", "Staffing", "Resourcing"),
    "cost": ("Cost", "Annual cost", "Cost per year", "Budget", "Cost (£)", "Cost ($)",
             "Cost (€)", "Yearly cost", "Running cost", "Annual budget", "Spend",
             "Cost p.a.", "Cost pa"),
    "frequency": ("Frequency", "How often", "Cadence", "Schedule", "Periodicity",
                  "Delivery frequency", "When"),
    "demand": ("Demand", "Requests", "Uses", "Usage", "Volume", "Requests per year",
               "Uses per year", "Number of requests", "Annual demand", "Requests per month",
               "Take-up", "Uptake", "Users per year", "Consumption"),
    "satisfaction": ("Satisfaction", "Customer satisfaction", "CSAT", "Satisfaction (1-5)",
                     "Rating", "Satisfaction score", "Feedback score", "Score",
                     "User rating", "Customer rating", "Feedback", "User feedback",
                     "NPS"),
    "last_reviewed": ("Last reviewed", "Review date", "Last review", "Reviewed",
                      "Date reviewed", "Last review date", "Reviewed on",
                      "Date of last review"),
    "last_delivered": ("Last delivered", "Last used", "Last delivery", "Date delivered",
                       "Last run", "Last performed", "Last provided", "Delivered on",
                       "Last requested", "Last done", "Last occurred", "Most recent"),
    "status": ("Status", "Service status", "State", "Lifecycle", "Lifecycle stage",
               "Stage"),
    "mandatory": ("Mandatory", "Mandatory (yes/no)", "Required", "Compulsory",
                  "Mandated", "Statutory", "Obligatory", "Must do", "Regulatory"),
    "nature": ("Nature", "Service nature", "Role", "Control level", "Mode",
               "Supportive/controlling/directive", "Service mode", "Authority"),
    "value_measure": ("Value measure", "KPI", "Measure", "Value KPI", "Success measure",
                      "Metric", "Performance measure", "How value is measured",
                      "Benefit", "Value", "Key measure", "Measure of value"),
}

OBJECTIVE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Objective ID", "ID", "Ref", "Reference", "No", "Number", "#", "Code", "Key"),
    "statement": ("Objective", "Statement", "Objective statement", "Description",
                  "Objectives", "Goal", "Mandate objective", "Strategic objective",
                  "What", "Outcome", "Title", "Name"),
    "priority": ("Priority", "Weight", "Priority (weight)", "Importance", "Priority weight",
                 "Rank", "Weighting"),
    "success_measure": ("Success measure", "Measure", "KPI", "Measure of success",
                        "How measured", "Target", "Success criteria", "Metric"),
    "horizon": ("Horizon", "Time horizon", "Timeframe", "Term", "When", "Timescale"),
}

CUSTOMER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Customer", "Name", "Customer group", "Group", "Customers", "Stakeholder",
             "Audience", "Who", "Customer name", "Stakeholder group"),
    "importance": ("Importance", "Weight", "Priority", "Importance (weight)", "Rank",
                   "Weighting"),
    "expectations": ("Expectations", "What they expect", "Needs", "Expectation",
                     "What they need", "Requirements", "Description", "Notes"),
}

# Mandate sheet: field/value pairs. Field -> the labels that mean it.
MANDATE_FIELDS: dict[str, tuple[str, ...]] = {
    "pmo_name": ("PMO name", "Name", "PMO", "Office name", "Organisation", "Office"),
    "pmo_type": ("PMO type", "Type", "PMO model", "Model", "Authority",
                 "Type of PMO"),
    "statement": ("Mandate statement", "Mandate", "Statement", "Purpose", "Mission",
                  "Remit", "Charter"),
    "sponsor": ("Sponsor", "Executive sponsor", "PMO sponsor", "Sponsored by"),
    "date": ("Date", "Mandate date", "Agreed", "Date agreed", "Approved", "Effective date",
             "Date approved"),
    "office_kind": ("Office kind", "Kind of office", "Office type", "Scope",
                    "Kind", "Level"),
}

# The template's headers, in order, for each sheet.
TEMPLATE_SERVICE_HEADERS: dict[str, str] = {
    "id": "Service ID", "name": "Service name", "description": "Description",
    "category": "Category", "customers": "Customers", "objectives": "Objectives",
    "owner": "Owner", "effort_fte": "Effort (FTE)", "cost": "Annual cost",
    "frequency": "Frequency", "demand": "Demand (uses per year)",
    "satisfaction": "Satisfaction (1-5)", "last_reviewed": "Last reviewed",
    "last_delivered": "Last delivered", "status": "Status", "mandatory": "Mandatory",
    "nature": "Nature", "value_measure": "Value measure",
}
TEMPLATE_OBJECTIVE_HEADERS: dict[str, str] = {
    "id": "Objective ID", "statement": "Objective", "priority": "Priority (weight)",
    "success_measure": "Success measure", "horizon": "Horizon",
}
TEMPLATE_CUSTOMER_HEADERS: dict[str, str] = {
    "name": "Customer", "importance": "Importance (weight)", "expectations": "Expectations",
}
TEMPLATE_MANDATE_LABELS: dict[str, str] = {
    "pmo_name": "PMO name", "pmo_type": "PMO type", "statement": "Mandate statement",
    "sponsor": "Sponsor", "date": "Date", "office_kind": "Office kind",
}
TEMPLATE_SHEETS = ("Instructions", "Mandate", "Objectives", "Customers", "Services")

# Words that name a field even inside a longer header ("Approx. FTE", "Annual cost est.").
_TELLING_WORDS = {
    "fte", "effort", "cost", "kpi", "owner", "customer", "objective", "description",
    "category", "status", "frequency", "demand", "satisfaction", "csat", "mandatory", "nature",
    "audience", "stakeholder", "consumer", "beneficiary", "feedback", "headcount", "cadence",
    "lifecycle", "priority", "importance", "horizon", "expectation", "sponsor", "weight",
}

# Words a header may carry that say nothing about which field it is.
_FILLER = {"the", "a", "an", "of", "in", "per", "pa", "p", "gbp", "usd", "eur", "k",
           "optional", "required", "if", "any", "e", "g", "eg", "ie", "etc", "y", "n"}
_UNIT_SYMBOLS = re.compile(r"[£$€%]")


def header_key(text: str) -> str:
    """Fold a header to a comparable key: case, spacing, punctuation, plurals, units."""
    text = str(text).lower().replace("(s)", "s").replace("&", " and ")
    text = _UNIT_SYMBOLS.sub(" ", text)
    words = re.findall(r"[a-z0-9#]+", text)
    kept = [singular(w) for w in words if w not in _FILLER]
    return " ".join(kept or [singular(w) for w in words])


@dataclass(frozen=True)
class ColumnVocabulary:
    """Headers for one kind of table, folded once for fast lookups."""

    fields: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for field_name, headers in self.fields.items():
            for header in headers:
                index.setdefault(header_key(header), field_name)
        object.__setattr__(self, "_index", index)

    def field_for(self, header: object) -> str | None:
        """The field a header names, or None if it is not in the vocabulary."""
        if header is None:
            return None
        key = header_key(str(header))
        if not key:
            return None
        index: dict[str, str] = self._index  # type: ignore[attr-defined]
        if key in index:
            return index[key]
        # "Service name (short)", "When last reviewed", "Approx. FTE": the longest run of
        # words that is a known header wins; the earlier run wins a tie.
        words = key.split()
        for length in range(len(words) - 1, 0, -1):
            for start in range(len(words) - length + 1):
                phrase = " ".join(words[start:start + length])
                if length == 1 and phrase not in _TELLING_WORDS:
                    continue  # "Risk score", "Contract value": a generic word alone says little
                found = index.get(phrase)
                if found:
                    return found
        return None


SERVICES = ColumnVocabulary(SERVICE_COLUMNS)
OBJECTIVES = ColumnVocabulary(OBJECTIVE_COLUMNS)
CUSTOMERS = ColumnVocabulary(CUSTOMER_COLUMNS)
MANDATE = ColumnVocabulary(MANDATE_FIELDS)
