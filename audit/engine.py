"""The audit: a catalogue and its mandate in, findings, scores and recommendations out."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import math
from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

from catalogue.model import Catalogue

from . import findings as finding_rules
from .config import AuditConfig
from .expectations import customer_expectations, match_expectations
from .facts import ServiceFacts, service_facts
from .functions import UNRECOGNISED, FunctionMatches, classify, classify_texts, taxonomy
from .headlines import (
    HeadlineFigures,
    customer_headline,
    effort_headline,
    fit_headline,
    headline_figures,
    horizon_sentence,
    objective_headline,
    plan_sentence,
)
from .links import (
    ExplicitLinks,
    FunctionAgreement,
    Suggestions,
    WordProfiles,
    best_matches,
    customer_text,
    explicit_links,
    fold_name,
    objective_text,
    service_fields,
    word_profiles,
)
from .model import (
    AuditOverrides,
    AuditResult,
    CustomerCoverage,
    FindingCode,
    FunctionGroupShare,
    Link,
    LinkKind,
    LinkSource,
    ObjectiveCoverage,
    PlanView,
    Recommendation,
    ServiceAssessment,
    Summary,
)
from .overlaps import overlapping_groups
from .reasons import alignment_reasons, recommendation_reasons, value_reasons
from .scores import (
    alignment_scores,
    effective_weights,
    link_factors,
    recommendations,
    suggested_strength,
    value_scores,
)
from .wording import percent, plural
from .workings import Workings

_DEFAULT_CONFIG = AuditConfig()
_NATURES = {1: "supportive", 2: "controlling", 3: "directive"}


def run_audit(catalogue: Catalogue, config: AuditConfig = _DEFAULT_CONFIG,
              explicit_overrides: AuditOverrides | None = None) -> AuditResult:
    """Audit a catalogue against its mandate.

    Links each service to objectives and customers (explicit links from the catalogue or
    a person, or else suggestions from wording), scores alignment and value, recommends
    keep / improve / rethink / retire, and writes the findings. `explicit_overrides`
    carries what people decided in the app: links they confirmed, changed or rejected
    per service id, and a mandate they set. Never raises on odd data: missing or
    unusable figures are reported, not fatal.
    """
    with _collector_paused():
        return _run(catalogue, config, explicit_overrides or AuditOverrides())


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the result's many small records are built.

    The audit creates no reference cycles worth collecting; on a large catalogue the
    collector would otherwise rescan every record again and again. It is switched back
    on (if it was on) however the audit ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run(catalogue: Catalogue, config: AuditConfig, overrides: AuditOverrides) -> AuditResult:
    catalogue = overrides.apply_to(catalogue)
    facts = service_facts(catalogue, config)
    explicit = explicit_links(catalogue, dict(overrides.links))
    fields = [service_fields(s, u) for s, u in zip(catalogue.services,
                                                   explicit.unmatched_objectives, strict=True)]
    objective_texts = [objective_text(o) for o in catalogue.objectives]
    expectations = customer_expectations(catalogue.customers)
    profiles = word_profiles(fields, objective_texts,
                             [customer_text(c) for c in catalogue.customers],
                             [text for _, text in expectations])
    functions = classify(fields)
    objective_functions = classify_texts(objective_texts)
    workings = _work_out(catalogue, config, facts, explicit, profiles, functions,
                         objective_functions)
    if expectations:
        workings = dataclasses.replace(workings, expectations=match_expectations(
            expectations, profiles.expectations, profiles.services, facts.in_service,
            workings.customer_services, classify_texts([t for _, t in expectations]),
            functions, config.function_nature_min_confidence))
    found = finding_rules.all_findings(workings)
    flags: list[list[FindingCode]] = [[] for _ in range(facts.count)]
    for finding, positions in found:
        for i in positions:
            if finding.code not in flags[i] and finding.services:
                flags[i].append(finding.code)
    services = _assessments(workings, flags)
    findings = tuple(f for f, _ in found)
    return AuditResult(
        catalogue=catalogue,
        config=config,
        as_of=facts.as_of,
        summary=_summary(workings, services, findings),
        services=services,
        objectives=_objective_coverage(workings),
        customers=_customer_coverage(workings),
        findings=findings,
        function_groups=_function_groups(workings),
        service_functions=functions,
        objective_functions=objective_functions,
    )


def _function_groups(w: Workings) -> tuple[FunctionGroupShare, ...]:
    """The function mix: per group, the services in service, their effort and the priority."""
    tax, facts, functions = taxonomy(), w.facts, w.functions
    n_groups = len(tax.groups)
    in_service = facts.in_service & (functions.group >= 0)
    known = in_service & ~np.isnan(facts.effort)
    effort = np.bincount(functions.group[known], weights=facts.effort[known],
                         minlength=n_groups)
    priority = np.zeros(n_groups)
    objective_groups = w.objective_functions.group
    has_group = objective_groups >= 0
    if w.has_objectives and has_group.any():
        np.add.at(priority, objective_groups[has_group], w.priority_share[has_group])
    total_priority = float(priority.sum())
    members: list[list[str]] = [[] for _ in range(n_groups)]
    for i in np.flatnonzero(in_service).tolist():
        members[int(functions.group[i])].append(facts.ids[i])
    objectives: list[list[str]] = [[] for _ in range(n_groups)]
    for o, g in enumerate(objective_groups.tolist()):
        if g >= 0:
            objectives[g].append(w.catalogue.objectives[o].id)
    out = []
    for g, group in enumerate(tax.groups):
        out.append(FunctionGroupShare(
            id=group.id, name=group.name, services=tuple(members[g]),
            effort_fte=float(effort[g]) if w.total_effort else None,
            effort_share=float(effort[g]) / w.total_effort if w.total_effort else None,
            priority_share=(float(priority[g]) / total_priority if total_priority > 0
                            else None),
            objectives=tuple(objectives[g])))
    return tuple(out)


def _function_agreement(functions: FunctionMatches, objective_functions: FunctionMatches,
                        config: AuditConfig, stated_purpose: np.ndarray,
                        ) -> FunctionAgreement:
    """How much a suggested objective link counts given the two function groups.

    A group counts only when its classification is at least function_nature_min_confidence
    confident and recognised; otherwise the link is judged on wording alone. A service
    whose owner wrote what it is for (objective text that is no mandate objective,
    `stated_purpose`) is judged on wording alone too: that text is meant, not a chance
    word.
    """
    tax = taxonomy()
    unrecognised = tax.group_index[UNRECOGNISED]

    def groups(matches: FunctionMatches) -> np.ndarray:
        known = ((matches.group >= 0) & (matches.group != unrecognised)
                 & (matches.confidence >= config.function_nature_min_confidence - 1e-12))
        return np.where(known, matches.group, -1)

    service_groups = np.where(stated_purpose, -1, groups(functions))
    return FunctionAgreement(service_groups, groups(objective_functions),
                             config.link_other_function_factor, tax.group_index["admin"])


def _families(functions: FunctionMatches, config: AuditConfig) -> np.ndarray:
    """Per service, its function family when confidently classified, else -1.

    Only functions whose products stand in for one another have a family (reporting
    products: status packs, decks, dashboards); two services of the same function are not
    otherwise taken for one service (benefits mapping and benefits tracking are both
    benefits management, but not the same service).
    """
    confident = ((functions.function >= 0)
                 & (functions.confidence >= config.overlap_function_min_confidence - 1e-12))
    family = taxonomy().family_of_function[np.maximum(functions.function, 0)]
    return np.where(confident, family, -1)


def _effective_nature(facts: ServiceFacts, functions: FunctionMatches,
                      config: AuditConfig) -> tuple[np.ndarray, np.ndarray]:
    """Per service, the nature (1 to 3, 0 unknown) as stated, or else as its wording shows.

    Controlling or directive only when the service's own wording shows that authority
    (the taxonomy's authority wording: audits, stop orders); a topic alone does not (a
    service about programmes or resources may only report on them). Supportive when its
    function is supportive with at least `function_nature_min_confidence`. Returns
    (strength, inferred).
    """
    stated = facts.nature_strength
    from_function = np.where(functions.function >= 0,
                             taxonomy().nature_strength[np.maximum(functions.function, 0)], 0)
    supportive = ((functions.function >= 0) & (from_function == 1)
                  & (functions.confidence >= config.function_nature_min_confidence - 1e-12))
    shown = np.where(functions.authority > 0, functions.authority,
                     np.where(supportive, 1, 0))
    inferred = (stated == 0) & (shown > 0)
    return np.where(inferred, shown, stated), inferred


def _links_matrix(n: int, n_targets: int, explicit: list[list[int]],
                  suggestions: Suggestions, strength_of_suggestion: np.ndarray,
                  ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(strength, share) matrices, service x target; share rows sum to 1 for linked services.

    Strength: 1 for an explicit link, less for a suggested one. Share: how a service's
    effort divides between its targets: equally between explicit links, in proportion
    to confidence between suggested ones.
    """
    lengths = np.fromiter((len(t) for t in explicit), dtype=np.int64, count=n)
    explicit_rows = np.repeat(np.arange(n), lengths)
    explicit_cols = np.fromiter((t for targets in explicit for t in targets), dtype=np.int64,
                                count=int(lengths.sum()))
    rows = np.concatenate([explicit_rows, suggestions.source])
    cols = np.concatenate([explicit_cols, suggestions.target])
    strength = np.concatenate([np.ones(explicit_rows.size), strength_of_suggestion])
    weight = np.concatenate([np.ones(explicit_rows.size), suggestions.confidence])
    shape = (n, n_targets)
    strength_matrix = sp.csr_matrix((strength, (rows, cols)), shape=shape)
    weight_matrix = sp.csr_matrix((weight, (rows, cols)), shape=shape)
    totals = np.asarray(weight_matrix.sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = np.where(totals > 0, 1.0 / totals, 0.0)
    share_matrix = sp.diags(inverse) @ weight_matrix
    return strength_matrix, sp.csr_matrix(share_matrix)


def _links_per_service(facts: ServiceFacts, names: list[str], explicit: list[list[int]],
                       sources: list[str], suggestions: Suggestions,
                       ) -> tuple[list[tuple[Link, ...]], list[tuple[int, ...]]]:
    """Link records per service: the explicit ones, or else the suggested ones, best first."""
    links: list[tuple[Link, ...]] = []
    positions: list[tuple[int, ...]] = []
    suggested: dict[int, list[tuple[int, float]]] = {}
    for s, t, c in zip(suggestions.source.tolist(), suggestions.target.tolist(),
                       suggestions.confidence.tolist(), strict=True):
        suggested.setdefault(s, []).append((t, c))
    for i, targets in enumerate(explicit):
        service_id = facts.ids[i]
        if targets:
            source = LinkSource.PERSON if sources[i] == "person" else LinkSource.WORKBOOK
            links.append(tuple(Link(service_id, names[t], LinkKind.EXPLICIT, 1.0, source)
                               for t in targets))
            positions.append(tuple(targets))
        elif i in suggested:
            pairs = suggested[i]
            links.append(tuple(Link(service_id, names[t], LinkKind.SUGGESTED, round(c, 4),
                                    LinkSource.WORDING) for t, c in pairs))
            positions.append(tuple(t for t, _ in pairs))
        else:
            links.append(())
            positions.append(())
    return links, positions


def _served_by(strength: sp.csr_matrix, rows: np.ndarray) -> list[tuple[int, ...]]:
    """Per target (column), the positions of the services in `rows` linked to it."""
    mask = np.zeros(strength.shape[0], dtype=bool)
    mask[rows] = True
    chosen = strength[np.flatnonzero(mask)].tocsc()
    row_ids = np.flatnonzero(mask)
    out = []
    for col in range(strength.shape[1]):
        start, stop = chosen.indptr[col], chosen.indptr[col + 1]
        out.append(tuple(sorted(row_ids[chosen.indices[start:stop]].tolist())))
    return out


def _customer_indicator(catalogue: Catalogue) -> sp.csr_matrix:
    """Service x customer-name matrix over every customer name the services give (case-folded)."""
    index: dict[str, int] = {}
    column_of: dict[object, int] = {}  # each distinct name as written, folded once
    rows, cols = [], []
    for i, service in enumerate(catalogue.services):
        names = service.customers
        for name in (names,) if isinstance(names, str) else names or ():
            col = column_of.get(name)
            if col is None:
                if not name or not str(name).strip():
                    continue
                col = column_of[name] = index.setdefault(fold_name(name), len(index))
            rows.append(i)
            cols.append(col)
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)),
                           shape=(len(catalogue.services), len(index)))
    matrix.data[:] = 1.0
    return matrix


def _work_out(catalogue: Catalogue, config: AuditConfig, facts: ServiceFacts,
              explicit: ExplicitLinks, profiles: WordProfiles, functions: FunctionMatches,
              objective_functions: FunctionMatches) -> Workings:
    n = facts.count
    objectives, customers = catalogue.objectives, catalogue.customers
    has_objectives, has_customers = bool(objectives), bool(customers)

    no_explicit_objective = np.array([not t for t in explicit.objectives], dtype=bool)
    objective_suggestions, closest, closest_score = best_matches(
        profiles.services, profiles.objectives, per_source=config.suggestions_per_service,
        min_confidence=config.suggestion_min_confidence,
        runner_up_ratio=config.suggestion_runner_up_ratio,
        allowed=no_explicit_objective & ~explicit.objectives_decided,
        excluded=explicit.rejected_objectives,
        agreement=_function_agreement(
            functions, objective_functions, config,
            np.array([bool(u) for u in explicit.unmatched_objectives], dtype=bool)))
    names_none = np.array([not c and not o for c, o in zip(explicit.customers,
                                                           explicit.outside_customers,
                                                           strict=True)], dtype=bool)
    customer_suggestions, _, _ = best_matches(
        profiles.services, profiles.customers, per_source=config.suggestions_per_service,
        min_confidence=config.customer_suggestion_min_confidence,
        runner_up_ratio=config.suggestion_runner_up_ratio,
        allowed=names_none & ~explicit.customers_decided,
        excluded=explicit.rejected_customers)

    objective_strength, objective_split = _links_matrix(
        n, len(objectives), explicit.objectives, objective_suggestions,
        suggested_strength(objective_suggestions.confidence, config))
    customer_strength, _ = _links_matrix(
        n, len(customers), explicit.customers, customer_suggestions,
        suggested_strength(customer_suggestions.confidence, config))
    objective_links, objective_positions = _links_per_service(
        facts, [o.id for o in objectives], explicit.objectives, explicit.objective_source,
        objective_suggestions)
    customer_links, customer_positions = _links_per_service(
        facts, [c.name for c in customers], explicit.customers, explicit.customer_source,
        customer_suggestions)

    priorities, priorities_stated = effective_weights([o.priority for o in objectives])
    importances, importances_stated = effective_weights([c.importance for c in customers])
    priority_share = (priorities / priorities.sum() if priorities.size and priorities.sum() > 0
                      else np.zeros(priorities.size))
    alignment = alignment_scores(
        objective_strength, link_factors(priorities, config.lowest_priority_weight),
        customer_strength, link_factors(importances, config.lowest_priority_weight), config)
    aligned = alignment.score >= config.aligned_from - 1e-12
    if has_objectives:
        inside = np.diff(objective_strength.indptr) > 0
    elif has_customers:
        inside = np.diff(customer_strength.indptr) > 0
    else:
        inside = np.zeros(n, dtype=bool)
    if not alignment.judged:
        aligned = np.zeros(n, dtype=bool)

    known_effort = facts.in_service & ~np.isnan(facts.effort)
    total = float(facts.effort[known_effort].sum()) if known_effort.any() else 0.0
    total_effort = total if total > 0 and math.isfinite(total) else None
    effort_share = np.full(n, np.nan)
    if total_effort:
        effort_share[known_effort] = facts.effort[known_effort] / total_effort
    counted = np.where(known_effort, facts.effort, 0.0)
    objective_effort = (np.asarray(objective_split.T @ counted).ravel() if len(objectives)
                        else np.zeros(0))

    value = value_scores(facts, config)
    recommendation = recommendations(facts, aligned, value.value, alignment.judged, config,
                                     value.dead)

    in_service_rows = np.flatnonzero(facts.in_service)
    planned_rows = np.flatnonzero(facts.planned)
    eligible_for_overlap = (facts.in_service & ~facts.retiring) | facts.planned
    groups = overlapping_groups(
        profiles.services, _customer_indicator(catalogue), eligible_for_overlap,
        threshold=config.overlap_similarity, exact_limit=config.overlap_exact_limit,
        window=config.overlap_window, families=_families(functions, config),
        family_threshold=config.overlap_function_similarity)

    nature_strength, nature_inferred = _effective_nature(facts, functions, config)
    return Workings(
        catalogue=catalogue, config=config, facts=facts,
        functions=functions, objective_functions=objective_functions,
        nature_strength=nature_strength, nature_inferred=nature_inferred,
        objective_links=objective_links, customer_links=customer_links,
        objective_positions=objective_positions, customer_positions=customer_positions,
        outside_customers=explicit.outside_customers,
        unmatched_objectives=explicit.unmatched_objectives,
        objectives_decided=explicit.objectives_decided,
        objective_strength=objective_strength, objective_split=objective_split,
        customer_strength=customer_strength,
        closest_objective=closest, closest_objective_score=closest_score,
        has_objectives=has_objectives, has_customers=has_customers,
        priorities=priorities, priorities_stated=priorities_stated,
        priority_share=priority_share, importances=importances,
        importances_stated=importances_stated,
        total_effort=total_effort, effort_known=int(known_effort.sum()),
        effort_share=effort_share, objective_effort=objective_effort,
        inside=inside, alignment=alignment, aligned=aligned, value=value,
        recommendation=recommendation,
        objective_services=_served_by(objective_strength, in_service_rows),
        objective_planned=_served_by(objective_strength, planned_rows),
        customer_services=_served_by(customer_strength, in_service_rows),
        overlap_groups=groups,
    )


def _assessments(w: Workings, flags: list[list[FindingCode]]
                 ) -> tuple[ServiceAssessment, ...]:
    facts = w.facts
    alignment_words = alignment_reasons(w)
    value_words = value_reasons(w)
    recommendation_words = recommendation_reasons(w)
    mandatory, inside = facts.mandatory.tolist(), w.inside.tolist()
    efforts, shares = facts.effort.tolist(), w.effort_share.tolist()
    alignments, values = w.alignment.score.tolist(), w.value.value.tolist()
    services = w.catalogue.services
    isfinite = math.isfinite
    function_ids, group_ids = w.functions.function_ids, w.functions.group_ids
    confidences = w.functions.confidence.tolist()
    natures, inferred = w.nature_strength.tolist(), w.nature_inferred.tolist()
    return tuple(
        ServiceAssessment(
            service_id=facts.ids[i],
            name=facts.names[i],
            status=services[i].status,
            mandatory=mandatory[i],
            effort_fte=efforts[i] if isfinite(efforts[i]) else None,
            effort_share=shares[i] if isfinite(shares[i]) else None,
            objective_links=w.objective_links[i],
            customer_links=w.customer_links[i],
            customers_outside_mandate=w.outside_customers[i],
            unmatched_objectives=w.unmatched_objectives[i],
            inside_mandate=inside[i],
            alignment=alignments[i],
            alignment_reason=alignment_words[i],
            value=values[i] if isfinite(values[i]) else None,
            value_reason=value_words[i],
            recommendation=w.recommendation[i],
            recommendation_reason=recommendation_words[i],
            flags=tuple(flags[i]),
            function=function_ids[i],
            function_group=group_ids[i],
            function_confidence=confidences[i],
            nature=_NATURES.get(natures[i]),
            nature_inferred=inferred[i],
        )
        for i in range(facts.count)
    )


def _linked_by_kind(links: list[tuple[Link, ...]], positions: list[tuple[int, ...]],
                    n_targets: int) -> dict[LinkKind, list[set[int]]]:
    """Per link kind, per target, the services linked to it that way."""
    explicit: list[set[int]] = [set() for _ in range(n_targets)]
    suggested: list[set[int]] = [set() for _ in range(n_targets)]
    for i, service_links in enumerate(links):
        if not service_links:
            continue
        # A service's links are all of one kind: explicit, or else suggested.
        into = explicit if service_links[0].kind is LinkKind.EXPLICIT else suggested
        for target in positions[i]:
            into[target].add(i)
    return {LinkKind.EXPLICIT: explicit, LinkKind.SUGGESTED: suggested}


def _objective_coverage(w: Workings) -> tuple[ObjectiveCoverage, ...]:
    ids = w.facts.ids
    kinds = _linked_by_kind(w.objective_links, w.objective_positions, len(w.catalogue.objectives))
    out = []
    for o, objective in enumerate(w.catalogue.objectives):
        delivering = w.objective_services[o]
        effort = float(w.objective_effort[o]) if w.total_effort else None
        out.append(ObjectiveCoverage(
            objective_id=objective.id,
            statement=objective.statement,
            priority=objective.priority if w.priorities_stated else None,
            services=tuple(ids[i] for i in delivering),
            explicit_services=tuple(ids[i] for i in delivering
                                    if i in kinds[LinkKind.EXPLICIT][o]),
            suggested_services=tuple(ids[i] for i in delivering
                                     if i in kinds[LinkKind.SUGGESTED][o]),
            planned_services=tuple(ids[i] for i in w.objective_planned[o]),
            effort_fte=effort,
            effort_share=effort / w.total_effort if effort is not None and w.total_effort
            else None,
            priority_share=float(w.priority_share[o]),
        ))
    return tuple(out)


def _customer_coverage(w: Workings) -> tuple[CustomerCoverage, ...]:
    ids = w.facts.ids
    kinds = _linked_by_kind(w.customer_links, w.customer_positions, len(w.catalogue.customers))
    out = []
    for c, customer in enumerate(w.catalogue.customers):
        serving = w.customer_services[c]
        out.append(CustomerCoverage(
            name=customer.name,
            importance=customer.importance if w.importances_stated else None,
            services=tuple(ids[i] for i in serving),
            explicit_services=tuple(ids[i] for i in serving
                                    if i in kinds[LinkKind.EXPLICIT][c]),
            suggested_services=tuple(ids[i] for i in serving
                                     if i in kinds[LinkKind.SUGGESTED][c]),
        ))
    return tuple(out)


def _summary(w: Workings, services: tuple[ServiceAssessment, ...],
             findings: tuple) -> Summary:
    """The catalogue as a whole: the figures are worked out first, then put into words."""
    facts = w.facts
    in_service = facts.in_service
    figures = headline_figures(w, in_service)
    after_plan = headline_figures(w, (in_service & ~facts.retiring) | facts.planned)
    counts = {r.value: 0 for r in Recommendation}
    for s in services:
        counts[s.recommendation.value] += 1
    severities = {"high": 0, "medium": 0, "low": 0}
    for f in findings:
        severities[f.severity.value] += 1
    unjudged = int((in_service & ~w.value.judged).sum())

    inside_word = ("linked to at least one mandate objective" if w.has_objectives
                   else "serving at least one mandate customer")
    notes: list[str] = []
    if not w.has_objectives:
        notes.append("The mandate states no objectives: services cannot be linked to any, and "
                     "no service is reported as outside the mandate for that reason.")
    if not w.has_customers:
        notes.append("The mandate names no customers: customer coverage and customers outside "
                     "the mandate cannot be judged.")
    if figures.inside_part_from_services and figures.inside_part is not None:
        notes.append(f"No effort figures: mandate fit uses the share of services "
                     f"{inside_word} ({percent(figures.inside_part)}) instead.")
    if w.has_objectives and not w.priorities_stated:
        notes.append("The mandate gives objectives no priorities: each objective counts the "
                     "same.")
    horizons = horizon_sentence(w)
    if horizons:
        notes.append(horizons)
    if unjudged:
        notes.append(f"{plural(unjudged, 'service')} in service "
                     f"{'has' if unjudged == 1 else 'have'} no demand or satisfaction figure, "
                     f"so {'its' if unjudged == 1 else 'their'} value is not judged.")
    return Summary(
        services=facts.count,
        services_in_service=int(in_service.sum()),
        objective_coverage=objective_headline(figures),
        customer_coverage=customer_headline(figures),
        effort_in_mandate=effort_headline(figures, inside_word),
        mandate_fit=fit_headline(figures, w.config),
        total_effort_fte=w.total_effort,
        recommendations=counts,
        findings_by_severity=severities,
        notes=tuple(notes),
        after_plan=_plan_view(figures, after_plan, facts),
    )


def _plan_view(now: HeadlineFigures, after: HeadlineFigures, facts: ServiceFacts
               ) -> PlanView | None:
    """The headline figures with planned services in and retiring ones out (None: no plan)."""
    planned, retiring = int(facts.planned.sum()), int(facts.retiring.sum())
    if not planned and not retiring:
        return None
    return PlanView(
        planned=planned, retiring=retiring,
        objective_coverage=after.objective_coverage, customer_coverage=after.customer_coverage,
        effort_in_mandate=after.effort_in_mandate, mandate_fit=after.mandate_fit,
        total_effort_fte=after.total_effort,
        explanation=plan_sentence(now, after, planned, retiring),
    )
