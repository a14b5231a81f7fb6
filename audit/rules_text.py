"""The audit's rules in the words the app, the report and RULES.md use: one source for all three.

RULES.md at the repo root is `rules_markdown()` written out (`python -m audit --rules >
RULES.md`); a test checks the two agree.
"""

from __future__ import annotations

import dataclasses

from .config import AuditConfig, config_keys
from .expectations import EXPECTATION_MIN_SIMILARITY
from .model import FindingCode
from .taxonomy import UNRECOGNISED, taxonomy
from .wordlists import PMO_ABBREVIATIONS, PMO_COMMON_WORDS, PMO_SAME_IDEA

# (heading, rule) pairs, in the order a reader needs them.
RULE_LINES: tuple[tuple[str, str], ...] = (
    ("Explicit links",
     "A service's links to objectives and customers are explicit when the catalogue states "
     "them (its objectives and customers columns) or a person confirms or sets them in the "
     "app. Objectives are matched by id, or by id or statement ignoring case and spacing; "
     "customers by name ignoring case and spacing."),
    ("Suggested links",
     "Where a service has no explicit objective link, the audit suggests up to "
     "suggestions_per_service objectives whose wording is close to the service's. The "
     "service is read from its name (counted twice), description, category, value measure "
     "and any objective text the catalogue gives that is not a mandate objective; an "
     "objective from its statement and success measure. Where a service names no customer, "
     "customers are suggested the same way from their names and expectations. A suggestion "
     "needs a confidence of at least suggestion_min_confidence (customers: "
     "customer_suggestion_min_confidence); a second or third one also needs "
     "suggestion_runner_up_ratio times the best one's. A person can confirm a suggestion "
     "(it becomes explicit), reject it (it is never suggested again) or set the links "
     "(then nothing is suggested). A suggestion also weighs the kind of work: when the "
     "service's and the objective's PMO functions (see PMO functions) are confidently of "
     "different groups, its confidence is link_other_function_factor times the wording's; "
     "an administrative service (minutes, bookings...) gets that factor twice against any "
     "objective that is not administrative. So a shared generic word (board, executive) "
     "alone does not make a link. A service whose owner wrote objective text the mandate "
     "lacks is judged on wording alone."),
    ("Confidence",
     "The confidence of a suggestion is the cosine similarity of the two word profiles "
     "(TF-IDF weights, so words every service uses count less than distinctive ones): 0 "
     "means no word in common, 1 the same words in the same proportions. Words are folded "
     "first: word endings (benefits, benefit; realisation, realised), American spellings "
     "(prioritize -> prioritise), PMO abbreviations (RAID, RAG, PMs, SRO...), and a short "
     "list of PMO words for the same idea (budget, spend, actuals -> cost). Common English "
     "words and words every PMO text uses (project, service, PMO) are ignored."),
    ("Inside the mandate",
     "A service is inside the mandate when it is linked (explicitly or by suggestion) to at "
     "least one mandate objective. If the mandate states no objectives, serving a mandate "
     "customer counts instead; if it states neither, alignment is not judged."),
    ("Alignment (0 to 1)",
     "alignment = (alignment_objective_weight x objective part + alignment_customer_weight "
     "x customer part) / (the sum of the weights used); a part the mandate does not state "
     "(no objectives, or no customers) is left out. The objective part is the strongest of "
     "the service's objective links: link strength x priority factor. An explicit link has "
     "strength 1; a suggested one suggested_link_weight x (its confidence / "
     "suggestion_full_confidence, at most 1). The priority factor is 1 for the "
     "top-priority objective and lowest_priority_weight + (1 - lowest_priority_weight) x "
     "priority / top priority for the others. The customer part is the same over the "
     "mandate customers the service serves, with importance in place of priority. A service "
     "is aligned when its alignment is at least aligned_from."),
    ("Value (0 to 1, or not enough evidence)",
     "Value is the weighted average of the evidence a service has: demand (its demand / its "
     "expected demand, at most 1; weight value_weight_demand), satisfaction ((satisfaction "
     "- 1) / 4; value_weight_satisfaction), demand per FTE (its demand per FTE / the "
     "catalogue's median, at most 1; value_weight_demand_per_fte) and recency (1 when "
     "delivered within the review period, falling to 0 at twice the period; "
     "value_weight_recency). A service with neither a demand nor a satisfaction figure has "
     "no value score: not enough evidence. Planned and retired services are not judged. A "
     "service is valuable when its value is at least valuable_from."),
    ("Expected demand",
     "Demand is read as uses or requests a year and judged against what the service's "
     "frequency and customers make plausible, not against the busiest services: a service "
     "on a schedule (daily 250, weekly 52, fortnightly 26, monthly 12, every two months 6, "
     "quarterly 4, half-yearly 2, yearly 1 deliveries) is expected to be used once per "
     "delivery by each customer group it names (a quarterly board pack for two groups: "
     "8). A service on request, or whose frequency is not stated, is expected to reach "
     "expected_demand_on_request; when that is 0 (the default), the median demand of the "
     "catalogue's services on request stands in. So an untouched service on a schedule "
     "keeps its value from one version of the catalogue to the next."),
    ("Low satisfaction caps value",
     "A service its users rate at or below low_satisfaction is never valuable, whatever its "
     "demand: its value is at most its satisfaction score ((satisfaction - 1) / 4), and "
     "always below valuable_from. A busy helpdesk rated 2.3/5 scores at most 0.33."),
    ("Cost",
     "Where the catalogue gives an annual cost, the audit works out the cost per use (cost "
     "/ demand) and says what a service costs a year in its low-value finding. A cost per "
     "use above high_cost_per_use (or, when that is 0, above high_cost_per_use_ratio times "
     "the catalogue's median cost per use) is a signal of low value."),
    ("Recommendation",
     "keep: aligned and valuable. improve: aligned, but its value is weak or not evidenced. "
     "rethink: not aligned, but valued or its value not evidenced (renegotiate the mandate "
     "or hand the service over). retire: not aligned and weak value; and aligned but dead: "
     "no demand and last delivered more than twice review_period_months ago, or a value "
     "below dead_value_below with at least two signals of low value (retire it, or relaunch "
     "it deliberately with an owner and a target). A mandatory service is never "
     "recommended for retirement: it gets rethink (improve when aligned). A planned service "
     "gets keep when aligned, rethink when not; a retired one stays retire, and so does a "
     "retiring one that is not aligned. When the mandate states no objectives or "
     "customers, only keep (valuable) and improve are given."),
    ("Effort",
     "The PMO's effort is the effort (FTE) of the services in service (active, retiring or "
     "without a status) that have an effort figure. A service's effort is shared between "
     "its objectives: equally between explicit links, in proportion to confidence between "
     "suggested ones. An objective's priority share is its priority over the total; an "
     "objective without a priority counts as the average of the stated ones, and when "
     "none is stated every objective counts the same."),
    ("Objective coverage",
     "The share of the mandate's objectives that at least one service in service delivers "
     "(explicit or suggested link); the explanation says how many rest on suggested links "
     "only. Not known (null in the JSON, never 0%) when the mandate states no objectives."),
    ("Customer coverage",
     "The share of the mandate's customers that at least one service in service serves "
     "(explicit or suggested link). Not known when the mandate names no customers."),
    ("Effort inside the mandate",
     "The share of the PMO's effort taken by services inside the mandate, and how much of "
     "it rests on suggested links only. Unknown when no service has an effort figure or "
     "the mandate states neither objectives nor customers."),
    ("Mandate fit",
     "What the services cover times how well the effort follows the mandate. Coverage: the "
     "weighted average (mandate_fit_weight_objectives, mandate_fit_weight_customers) of "
     "priority-weighted objective coverage and importance-weighted customer coverage, where "
     "an objective (or customer) counts by its strongest link: 1 when stated, its strength "
     "(at most suggested_link_weight) when only suggested. Effort: the weighted average "
     "(mandate_fit_weight_effort, mandate_fit_weight_balance) of the effort inside the "
     "mandate, each service counted at its strongest link (without effort figures, the "
     "share of services inside the mandate), and the balance of effort against priority: 1 "
     "minus the distance between where the effort goes (each objective, and outside the "
     "mandate) and the objectives' priority shares, that is the sum over objectives of the "
     "smaller of its effort share and its priority share. A PMO that covers every "
     "objective but spends nine tenths of its effort on the lowest priority cannot score "
     "well. The explanation says how much rests on suggested links. Not known (null) when "
     "the mandate states neither objectives nor customers."),
    ("After the plan",
     "When services are planned or retiring, the headline figures are also worked out with "
     "the planned services delivering and the retiring ones gone: what the catalogue will "
     "look like once the plan is done."),
    ("Order of findings",
     "Findings about the mandate, effort and value come first, findings about upkeep "
     "(missing data, overdue reviews) last. Within each, the most severe first, and within "
     "a severity the most effort at stake first: the services' effort, or for an objective "
     "its gap (or priority share) times the PMO's effort."),
    (FindingCode.NO_MANDATE.value,
     "The mandate states no objectives. High when it names no customers either, medium "
     "otherwise. Says to agree a mandate with the sponsor: coverage and mandate fit are not "
     "known until then."),
    ("PMO functions",
     "Every service and every objective is classified to one PMO function of the reference "
     "taxonomy (audit/pmo_functions.toml, listed below) and so to its group: Hobbs and "
     "Aubry's 27 PMO functions in five groups (monitoring and controlling project "
     "performance; PM competencies and methodologies; multi-project management; strategic "
     "management; organisational learning) and their three other functions, cross-checked "
     "against AXELOS P3O's office functions, plus a group for administrative work no PMO "
     "function covers (minutes, bookings, timesheet chasing, invoices, events, "
     "formatting). Each function lists signal words and phrases. A service is read from "
     "its name (counted twice), description, category and value measure (counted half); an "
     "objective from its statement and success measure. Words are folded as for "
     "suggestions (word endings, British spelling); each signal found counts for its "
     "function, a phrase of n words n times, divided by the number of functions that list "
     "it. The function with the highest score wins. Its confidence (0 to 1) grows with "
     "the score (full from 3) and with its lead over the best function of another group; "
     "the app and the report give the words that decided it. A text with none of the "
     "signal words is 'not recognised'; only a service with no text at all has no "
     "function. The classification of a service never depends on the rest of the "
     "catalogue. A service to rethink whose work is administrative is told to hand it "
     "over, not to widen the mandate for it."),
    ("Function mix",
     "Per function group: the services in service doing its work, their share of the "
     "PMO's effort, and the share of the mandate's priority that asks for it (the "
     "priority shares of the objectives classified to the group). Without a mandate, the "
     "effort shares are what the catalogue says the PMO does."),
    ("Nature of a service",
     "The nature (supportive, controlling, directive) is the catalogue's Nature column. "
     "When it is blank, it is inferred from the service's own wording: controlling or "
     "directive only when the wording shows that authority (the authority wording listed "
     "below: audits, compliance, gate reviews; stop orders, taking over projects, "
     "allocating resources), since a service about programmes, resources or priorities "
     "may only report on them; supportive when its function is supportive with a "
     "classification confidence of at least function_nature_min_confidence; otherwise not "
     "known. Findings that rest on an inferred nature say so and quote the wording."),
    (FindingCode.SERVICE_OUTSIDE_MANDATE.value,
     "A service (not retired) linked to no mandate objective. High when it takes at least "
     "high_effort_share of the PMO's effort; low when it is planned or already retiring; "
     "medium otherwise. Not raised when the mandate states no objectives."),
    (FindingCode.OBJECTIVE_NOT_COVERED.value,
     "An objective no service in service delivers. High when its priority is at least the "
     "average, medium otherwise. Planned services linked to it are named."),
    (FindingCode.CUSTOMER_NOT_SERVED.value,
     "A mandate customer no service in service serves. High when its importance is at "
     "least the average, medium otherwise."),
    (FindingCode.EXPECTATION_NOT_MET.value,
     "One expectation of a mandate customer (its Expectations text, split at ';', '.', "
     "line breaks, and at 'and' between two clauses of three words or more) that no "
     "service in service meets. Each expectation is compared by wording, as link "
     "suggestions are, first with the services serving that customer and then with any "
     "service: a service meets it when the similarity is at least "
     f"{EXPECTATION_MIN_SIMILARITY}, or half that when both are confidently (at least "
     "function_nature_min_confidence) of the same PMO function group. Medium when the "
     "customer's importance is at least the average, low otherwise. The closest services "
     "by wording are named."),
    (FindingCode.CUSTOMER_OUTSIDE_MANDATE.value,
     "A service whose customers, as the catalogue names them, are all outside the "
     "mandate's customers. Medium; low when the service is still linked to an objective "
     "or is retiring."),
    (FindingCode.PMO_TYPE_MISMATCH.value,
     "A service whose nature is stronger than the PMO's type (supportive < controlling < "
     "directive): a compliance audit run by a supportive PMO. High when two steps apart "
     "(directive service, supportive PMO), medium when one. The nature is the stated one, "
     "or inferred from the service's wording (see Nature of a service); the finding says "
     "which."),
    (FindingCode.LOW_VALUE.value,
     "Evidence that a service in service gives little: no recorded demand, demand below "
     "low_demand_ratio of its expected demand, satisfaction at or below low_satisfaction, "
     "demand per FTE below low_demand_per_fte_ratio of the median, a cost per use above the "
     "limit (see Cost), or a value score below low_value_below. Severity follows effort: "
     "high when the value score is low and there are two signals or the service takes at "
     "least high_effort_share of the effort, when it takes that share with two signals, or "
     "when it takes twice that share with a clear signal (no demand, low satisfaction); "
     "medium when the value score is low, there are two signals, or it takes at least "
     "high_effort_share; low for one signal on a small service."),
    (FindingCode.STALE_SERVICE.value,
     "A service in service last delivered longer ago than review_period_months before the "
     "as-of date (as_of, today by default): one finding each, high when not delivered for "
     "twice the period, medium otherwise. Services whose last review is older than the "
     "period are one low finding naming them all."),
    (FindingCode.OVERLAPPING_SERVICES.value,
     "Services (not retired or retiring) whose wording is at least overlap_similarity "
     "alike (cosine of the word profiles) and that share a customer, or of which one names "
     "no customer. Services of one function family (reporting products: status packs, "
     "decks, dashboards), each classified with at least overlap_function_min_confidence, "
     "that name customers and share one, overlap too when their wording is at least "
     "overlap_function_similarity alike: a weekly pack, a monthly pack, a quarterly deck "
     "and a dashboard for the same board are one family. Overlapping pairs join into "
     "groups. High when the group takes at least "
     "high_effort_share of the effort, medium otherwise. Catalogues of up to "
     "overlap_exact_limit services are compared pair by pair; larger ones in blocks "
     "(services sorted by their most distinctive words and by customer, each compared with "
     "its overlap_window neighbours), which finds near-copies but may miss looser pairs."),
    (FindingCode.EFFORT_MISALIGNED.value,
     "An objective whose share of the PMO's effort differs from its share of the mandate's "
     "priority by at least effort_gap. High at twice that gap, medium otherwise. Only when "
     "some effort is known."),
    (FindingCode.MISSING_DATA.value,
     "One finding per missing field, naming every service (not retired or retiring) it "
     "concerns: no owner (low), no effort figure (low), no demand or satisfaction figure in "
     "service (medium: its value cannot be judged)."),
    (FindingCode.PMO_TYPE_UNDERREACH.value,
     "A directive PMO spending less than underreach_share of its effort on directive work, "
     "or a controlling PMO on controlling or directive work. A service's nature is the "
     "stated one, or else its function's, whatever the confidence. High below half the "
     "threshold, medium otherwise. Only when some effort is known."),
    (FindingCode.FUNCTION_NOT_PROVIDED.value,
     "An objective that services are linked to, but whose wording asks for a function of a "
     "group no service in service works in (the services claim the objective, none does "
     "its kind of work). High when its priority is at least the average, medium "
     "otherwise. An objective no service delivers at all is objective-not-covered "
     "instead."),
    ("Retired services",
     "Retired services are listed with the recommendation retire but are not judged and "
     "are the subject of no finding. Retiring services still count in effort and coverage, "
     "but are not reported as stale, low-value or overlapping."),
)

_EXPLANATIONS: dict[str, str] = {
    "as_of": "The date the audit is run as of; staleness is measured back from it. Not "
             "set: today.",
    "review_period_months": "A service not reviewed, or not delivered, for longer than this "
                            "many months is stale.",
    "suggestion_min_confidence": "The least confidence (0 to 1) a suggested objective link "
                                 "needs; below it there is no link.",
    "suggestion_full_confidence": "From this confidence a suggested link counts fully (as "
                                  "suggested_link_weight of an explicit link); weaker ones "
                                  "count in proportion.",
    "suggestions_per_service": "At most this many objectives (and customers) are suggested "
                               "for one service.",
    "suggestion_runner_up_ratio": "A second or third suggestion needs at least this fraction "
                                  "of the best suggestion's confidence.",
    "customer_suggestion_min_confidence": "The least confidence a suggested customer link "
                                          "needs.",
    "suggested_link_weight": "How much a confident suggested link counts in alignment, "
                             "next to an explicit link (1).",
    "lowest_priority_weight": "How much a link to the lowest-priority objective (or least "
                              "important customer) counts, next to the top one (1).",
    "alignment_objective_weight": "The weight of the objective part of alignment.",
    "alignment_customer_weight": "The weight of the customer part of alignment.",
    "aligned_from": "A service is aligned from this alignment score.",
    "value_weight_demand": "The weight of demand in the value score.",
    "value_weight_satisfaction": "The weight of satisfaction in the value score.",
    "value_weight_demand_per_fte": "The weight of demand per FTE in the value score.",
    "value_weight_recency": "The weight of recency (last delivered) in the value score.",
    "valuable_from": "A service is valuable from this value score; below it its value is "
                     "weak.",
    "expected_demand_on_request": "The demand a year that counts in full for a service on "
                                  "request (or whose frequency is not stated); 0: the "
                                  "catalogue's median demand of such services.",
    "low_value_below": "low-value: a value score below this.",
    "low_demand_ratio": "low-value: demand below this fraction of the service's expected "
                        "demand.",
    "low_satisfaction": "low-value: satisfaction at or below this (1 to 5); such a service's "
                        "value is capped at its satisfaction score, below valuable_from.",
    "low_demand_per_fte_ratio": "low-value: demand per FTE below this fraction of the "
                                "catalogue's median.",
    "high_cost_per_use": "low-value: an annual cost per use above this (in the catalogue's "
                         "currency); 0: use high_cost_per_use_ratio.",
    "high_cost_per_use_ratio": "low-value: with high_cost_per_use at 0, a cost per use above "
                               "this multiple of the catalogue's median cost per use.",
    "dead_value_below": "An aligned service with a value below this and two signals of low "
                        "value (or no demand, and not delivered for twice the review "
                        "period) is dead: retire it or relaunch it deliberately.",
    "high_effort_share": "A service (or overlapping group) taking at least this share of the "
                         "PMO's effort makes its finding high.",
    "effort_gap": "effort-misaligned: an objective's effort share and priority share differ "
                  "by at least this.",
    "overlap_similarity": "overlapping-services: services whose wording is at least this "
                          "alike (0 to 1).",
    "overlap_exact_limit": "Up to this many services are compared pair by pair for overlaps; "
                           "more are compared in blocks.",
    "overlap_window": "In blocks, each service is compared with this many neighbours in each "
                      "sort order.",
    "function_nature_min_confidence": "A service with a blank Nature column and a "
                                      "supportive PMO function is taken as supportive "
                                      "from this classification confidence (0 to 1).",
    "underreach_share": "pmo-type-underreach: a directive or controlling PMO spending less "
                        "than this share of its effort on work of its own nature.",
    "overlap_function_min_confidence": "overlapping-services: two services of the same PMO "
                                       "function overlap when both classifications are at "
                                       "least this confident ...",
    "overlap_function_similarity": "... and their wording is at least this alike (0 to 1).",
    "link_other_function_factor": "A suggested link to an objective whose PMO function "
                                  "group differs from the service's counts this fraction of "
                                  "its wording similarity.",
    "mandate_fit_weight_objectives": "The weight of objective coverage in mandate fit's "
                                     "coverage factor.",
    "mandate_fit_weight_customers": "The weight of customer coverage in mandate fit's "
                                    "coverage factor.",
    "mandate_fit_weight_effort": "The weight of effort inside the mandate in mandate fit's "
                                 "effort factor.",
    "mandate_fit_weight_balance": "The weight of the balance of effort against priority in "
                                  "mandate fit's effort factor.",
}


def config_explanations() -> dict[str, str]:
    """Each config key's meaning, in a sentence."""
    return dict(_EXPLANATIONS)


def _default(key: str) -> str:
    value = getattr(AuditConfig(), key)
    return "today" if value is None else repr(value)


def rules_markdown() -> str:
    """RULES.md: the rules, the settings with their defaults, and the config file format."""
    lines = [
        "# How the audit works",
        "",
        "<!-- Generated from audit/rules_text.py: run `python -m audit --rules > RULES.md`. -->",
        "",
        "The audit links each service to the mandate, scores its alignment and value, "
        "recommends keep, improve, rethink or retire, and writes findings a sponsor can "
        "read. These are its rules, in the words the app and the Excel report use. Every "
        "weight and threshold named in `code` is a setting you can change (see the end).",
        "",
    ]
    for heading, text in RULE_LINES:
        title = f"`{heading}`" if heading in {c.value for c in FindingCode} else heading
        lines += [f"## {title}", "", text, ""]
    lines += [
        "## PMO word lists", "",
        "Abbreviations spelled out: "
        + "; ".join(f"{k.upper()} = {v}" for k, v in PMO_ABBREVIATIONS.items()) + ".", "",
        "Words for the same idea (each group counts as its first word): "
        + "; ".join(f"{head}: {words.replace(' ', ', ')}"
                    for head, words in PMO_SAME_IDEA.items()) + ".", "",
        "Words ignored as common to all PMO text: "
        + ", ".join(sorted(PMO_COMMON_WORDS)) + ".", "",
        "## The PMO functions", "",
        "Nature is the authority the function needs. Sources: Hobbs and Aubry (2007, 2010), "
        "AXELOS P3O (2013); the comment at the top of audit/pmo_functions.toml gives them "
        "in full.", "",
    ]
    tax = taxonomy()
    for group in tax.groups:
        if group.id == UNRECOGNISED:
            continue
        lines += [f"### {group.name} (`{group.id}`)", "", group.description, "",
                  "| function | nature | what it is | signalled by (some) |",
                  "| --- | --- | --- | --- |"]
        for f in tax.functions:
            if f.group == group.id:
                lines.append(f"| {f.name} (`{f.id}`) | {f.nature.value} | {f.description} | "
                             f"{', '.join(f.signals[:6])} |")
        lines.append("")
    lines += ["### Authority wording", "",
              "A service with a blank Nature column is controlling or directive only when "
              "its wording holds one of these (folded like signals):", ""]
    for nature, phrases in tax.authority:
        lines.append(f"- {nature.value}: {', '.join(phrases)}.")
    lines.append("")
    lines += [
        "## Settings", "",
        "| setting | default | what it does |",
        "| --- | --- | --- |",
    ]
    for key in config_keys():
        lines.append(f"| `{key}` | {_default(key)} | {_EXPLANATIONS[key]} |")
    lines += [
        "",
        "## The config file",
        "",
        "Pass a file with `python -m audit CATALOGUE.xlsx --config audit_config.toml`. It is "
        "TOML (or JSON, when its name ends in `.json`) holding `key = value` lines for the "
        "settings you want to change; every other setting keeps its default. Unknown "
        "settings and values out of range are refused with a message naming them. Dates "
        "are written `2025-06-30`; `as_of = \"today\"` (or leaving it out) means today. "
        "`audit_config.example.toml` at the repo root lists every setting with its default.",
        "",
        "```toml",
        "# audit_config.toml: only what differs from the defaults",
        "as_of = 2025-06-30",
        "review_period_months = 6",
        "suggestion_min_confidence = 0.15",
        "effort_gap = 0.10",
        "```",
        "",
    ]
    return "\n".join(lines)


def example_config_toml() -> str:
    """audit_config.example.toml: every setting with its default and meaning."""
    lines = ["# Every audit setting with its default. Copy the lines you want to change.",
             "# Pass the file with: python -m audit CATALOGUE.xlsx --config audit_config.toml",
             "# RULES.md explains how each setting is used.", ""]
    for f in dataclasses.fields(AuditConfig):
        lines.append(f"# {_EXPLANATIONS[f.name]}")
        value = getattr(AuditConfig(), f.name)
        if value is None:
            lines.append(f'{f.name} = "today"')
        else:
            lines.append(f"{f.name} = {value!r}")
        lines.append("")
    return "\n".join(lines)
