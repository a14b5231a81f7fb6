"""The sponsor charts: pure figures, checked on their traces, titles, axes and colours."""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import pytest

import audit
from audit.model import AuditResult, Recommendation
from audit.wording import shorten
from catalogue import import_catalogue
from catalogue.model import Catalogue, Customer, Mandate, Objective, Service, ServiceStatus
from reports import charts

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 22)
HOSTILE = "<b>x</b><script>alert(1)</script>"
HOSTILE_ESCAPED = "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


@cache
def sample(name: str = "coaching_story") -> AuditResult:
    imported = import_catalogue((ROOT / "sample_catalogues" / f"{name}.xlsx").read_bytes())
    return audit.run_audit(imported.catalogue, audit.AuditConfig(as_of=AS_OF))


OBJECTIVES = (
    Objective("O1", "Give the board one reliable view of portfolio status", priority=3),
    Objective("O2", "Realise the benefits promised in business cases", priority=1),
)
CUSTOMERS = (Customer("Executives", 3), Customer("Project managers", 1))


def service(service_id: str, name: str, **fields) -> Service:
    defaults = {"effort_fte": 1.0, "demand": 20.0, "satisfaction": 4.0,
                "last_delivered": dt.date(2026, 10, 1), "status": ServiceStatus.ACTIVE,
                "customers": ("Executives",), "owner": "Ana"}
    defaults.update(fields)
    return Service(id=service_id, name=name, **defaults)


def run(*services: Service, objectives=OBJECTIVES, customers=CUSTOMERS,
        config: audit.AuditConfig | None = None) -> AuditResult:
    catalogue = Catalogue(Mandate(pmo_name="Test PMO"), tuple(objectives), tuple(customers),
                          tuple(services), source="test.xlsx")
    return audit.run_audit(catalogue, config or audit.AuditConfig(as_of=AS_OF))


def figure_text(figure: go.Figure) -> str:
    """Every string in the figure, as plain JSON (plotly's own JSON escapes '<')."""
    return json.dumps(figure.to_dict(), default=lambda value: list(value))


def message(figure: go.Figure) -> str:
    """The message a chart with nothing to draw shows instead, on one line."""
    return figure.layout.annotations[0].text.replace("<br>", " ")


def trace_named(figure: go.Figure, start: str) -> list:
    return [t for t in figure.data if (t.name or "").startswith(start)]


# --- All charts -------------------------------------------------------------------------------


def test_every_sponsor_chart_has_a_key_a_title_and_a_way_to_read_it():
    found = charts.sponsor_charts(sample())
    assert [c.key for c in found] == ["coverage", "quadrant", "effort_priority",
                                      "function_mix", "heatmap", "flow"]
    for chart in found:
        assert isinstance(chart.figure, go.Figure)
        assert chart.figure.layout.title.text and chart.title.startswith(
            chart.figure.layout.title.text)
        assert len(chart.how_to_read) > 60 and "\n" not in chart.how_to_read


def test_user_text_is_escaped_in_every_chart():
    # plotly renders <b>, <br>, <a> in text: a service's name must show as typed.
    result = run(
        service("S1", HOSTILE, objectives=("O1",), customers=(HOSTILE, "Executives")),
        service("S2", "Plain", objectives=(), customers=("Project managers",)),
        objectives=(Objective("O1", f"Deliver {HOSTILE}", priority=2),),
        customers=(*CUSTOMERS, Customer(f"{HOSTILE} board", 2)),  # served by no one
    )
    drawn = charts.sponsor_charts(result)
    assert drawn  # else the loop checks nothing
    for chart in drawn:
        text = figure_text(chart.figure)
        assert "<script>" not in text and "<b>x</b>" not in text, chart.key
        if chart.key not in {"coverage", "function_mix"}:  # these show no user text
            assert HOSTILE_ESCAPED in text or "&lt;b&gt;x&lt;/b&gt;" in text, chart.key


# --- Coverage figures -------------------------------------------------------------------------


def test_coverage_bars_add_up_to_each_headline_figure():
    result = sample()
    figure = charts.coverage_figures(result).figure
    rows = list(figure.data[0].y)
    assert rows == ["Mandate fit", "Objectives covered", "Customers served",
                    "Effort inside the mandate"]
    headlines = [result.summary.mandate_fit, result.summary.objective_coverage,
                 result.summary.customer_coverage, result.summary.effort_in_mandate]
    parts = {t.name: t.x for t in figure.data}
    for i, headline in enumerate(headlines):
        filled = sum(parts[name][i] or 0 for name in
                     ("Mandate fit", "Backed by stated links", "Only by suggested links"))
        assert filled == pytest.approx(headline.value)
        assert parts["Gap"][i] == pytest.approx(1 - headline.value)
    shown = " ".join(a.text for a in figure.layout.annotations)
    for headline in headlines:
        assert f"{headline.value:.0%}" in shown


def test_coverage_parts_effort_backed_only_by_suggestions():
    result = run(
        service("S1", "Portfolio status dashboard for the board", objectives=("O1",),
                effort_fte=1.0),
        # Links only by wording: "benefits promised in business cases"
        service("S2", "Tracking benefits promised in business cases", objectives=(),
                effort_fte=3.0, description="Realise benefits promised in business cases"),
    )
    assert result.service("S2").objective_link_kind == "suggested"
    figure = charts.coverage_figures(result).figure
    parts = {t.name: t.x for t in figure.data}
    assert parts["Backed by stated links"][3] == pytest.approx(0.25)
    assert parts["Only by suggested links"][3] == pytest.approx(0.75)


def test_coverage_shows_a_figure_that_cannot_be_known_as_not_known():
    result = run(service("S1", "Dashboard", objectives=("O1",), effort_fte=None))
    figure = charts.coverage_figures(result).figure
    assert result.summary.effort_in_mandate.value is None
    assert "not known" in figure.layout.annotations[3].text
    assert all(t.x[3] is None for t in figure.data)


# --- Quadrant -----------------------------------------------------------------------------------


def test_quadrant_axes_thresholds_and_quadrant_names():
    config = audit.AuditConfig(as_of=AS_OF, aligned_from=0.4, valuable_from=0.6)
    catalogue = sample().catalogue
    result = audit.run_audit(catalogue, config)
    figure = charts.alignment_value_quadrant(result).figure
    assert "Alignment" in figure.layout.xaxis.title.text
    assert "Value" in figure.layout.yaxis.title.text
    lines = {(s.x0, s.x1) for s in figure.layout.shapes if s.type == "line"}
    assert (0.4, 0.4) in lines  # the alignment threshold, vertical
    assert any(s.type == "line" and s.y0 == s.y1 == 0.6 for s in figure.layout.shapes)
    corners = " ".join(a.text for a in figure.layout.annotations)
    for word in ("Keep", "Improve", "Rethink", "Retire"):
        assert word in corners


def test_quadrant_corners_say_what_each_recommendation_means_in_the_words_used_everywhere():
    result = sample()
    wide = {a.text for a in charts.alignment_value_quadrant(result, width=900).figure
            .layout.annotations}
    narrow = {a.text for a in charts.alignment_value_quadrant(result, width=500).figure
              .layout.annotations}
    for recommendation in Recommendation:
        assert f"<b>{recommendation.title}</b>" in wide
        assert f"<b>{recommendation.label}</b>" in narrow
    assert Recommendation.KEEP.title == "Keep: serves the mandate, valued"
    assert len({r.meaning for r in Recommendation}) == 4


def test_quadrant_colours_each_recommendation_and_counts_it():
    result = sample()
    figure = charts.alignment_value_quadrant(result).figure
    for recommendation in Recommendation:
        count = result.summary.recommendations[recommendation.value]
        traces = trace_named(figure, recommendation.label)
        if not count:
            assert not traces
            continue
        assert traces[0].name == f"{recommendation.label} ({count})"
        assert sum(len(t.x) for t in traces) == count
        colour = charts.RECOMMENDATION_COLOURS[recommendation]
        assert traces[0].marker.color == colour
    assert len(set(charts.RECOMMENDATION_COLOURS.values())) == 4


def test_quadrant_bubble_area_follows_effort():
    result = run(
        service("S1", "Big", objectives=("O1",), effort_fte=4.0),
        service("S2", "Quarter", objectives=("O1",), effort_fte=1.0),
        service("S3", "Tiny", objectives=("O1",), effort_fte=0.01),
    )
    figure = charts.alignment_value_quadrant(result).figure
    points = {}
    for trace in figure.data:
        for hover, size in zip(trace.customdata or (), trace.marker.size or (), strict=True):
            points[hover.split("</b>")[0].removeprefix("<b>")] = size
    assert points["Big"] == pytest.approx(charts.BUBBLE_MAX_PX)
    assert (points["Quarter"] / points["Big"]) ** 2 == pytest.approx(0.25)
    assert points["Tiny"] == charts.BUBBLE_MIN_PX  # never too small to see or hover


def test_quadrant_hover_names_the_service_its_effort_and_reasons():
    result = sample()
    figure = charts.alignment_value_quadrant(result).figure
    weekly = result.service("CPO-01")
    hovers = [h for t in figure.data for h in (t.customdata or ()) if "CPO-01" in h]
    assert len(hovers) == 1
    assert weekly.name in hovers[0] and "1.4 FTE" in hovers[0]
    # Rated 2.3/5, its value is capped below "valued": retire, no longer rethink.
    assert "Retire" in hovers[0] and "Alignment:" in hovers[0] and "Value:" in hovers[0]


def test_services_without_evidence_of_value_sit_hollow_in_their_own_strip():
    result = sample("coaching_story_after_workshop")
    unjudged = [s for s in result.services
                if s.value is None and s.status is not ServiceStatus.RETIRED]
    assert unjudged, "the sample has planned services with no value evidence yet"
    figure = charts.alignment_value_quadrant(result).figure
    hollow = [t for t in figure.data if t.marker.color == "rgba(255,255,255,0.9)"]
    assert sum(len(t.y) for t in hollow) == len(unjudged)
    assert all(y == charts.NO_EVIDENCE_Y for t in hollow for y in t.y)
    assert trace_named(figure, "Hollow: value not judged")
    assert "not enough" in figure.layout.yaxis.ticktext[0]
    assert "4 retired services not shown" in charts.alignment_value_quadrant(result).title


def test_quadrant_without_a_mandate_says_alignment_cannot_be_judged():
    result = run(service("S1", "Dashboard"), objectives=(), customers=())
    chart = charts.alignment_value_quadrant(result)
    assert not chart.figure.data
    assert "cannot be judged" in message(chart.figure)


def test_quadrant_names_the_largest_bubbles_without_overlap():
    result = sample()
    figure = charts.alignment_value_quadrant(result).figure
    named = [a.text for a in figure.layout.annotations if a.bgcolor == "rgba(255,255,255,0.7)"]
    # readable from the back of a room: every label on the chart is at least 12 px
    assert all(a.font.size >= 12 for a in figure.layout.annotations)
    assert 3 <= len(named) <= charts.QUADRANT_LABELS
    assert any(name.startswith("Weekly status report") for name in named)


# --- Heatmap ------------------------------------------------------------------------------------


def test_heatmap_tells_stated_links_from_suggested_ones():
    result = sample()
    figure = charts.service_objective_heatmap(result).figure
    heatmap = figure.data[0]
    assert len(heatmap.x) == len(result.objectives)
    assert len(heatmap.y) == len(result.services)
    rows = {label.split(" (")[0]: r for r, label in enumerate(heatmap.y)}
    assert len(rows) == len(result.services)
    columns = {o.objective_id: c for c, o in enumerate(result.objectives)}
    stated = suggested = 0
    for service_assessment in result.services:
        r = rows[shorten(service_assessment.name, charts.LABEL_LENGTH)]
        for link in service_assessment.objective_links:
            c = columns[link.target]
            if link.explicit:
                stated += 1
                assert (heatmap.z[r][c], heatmap.text[r][c]) == (2, "✓")
            else:
                suggested += 1
                assert heatmap.z[r][c] == 1
                assert heatmap.text[r][c] == f"≈{link.confidence:.2f}"
                assert "suggested" in heatmap.hovertext[r][c]
    assert stated and suggested, "the sample has both kinds of link"
    assert sum(cell == 0 for row in heatmap.z for cell in row) == (
        len(heatmap.x) * len(heatmap.y) - stated - suggested)
    # The two kinds are two colours: z 2 (stated) at the top of the scale, z 1 half way.
    def colour_of(z: int) -> str:
        place = (z - heatmap.zmin) / (heatmap.zmax - heatmap.zmin)
        return [colour for stop, colour in heatmap.colorscale if stop <= place][-1]

    assert colour_of(2) == charts.STATED_COLOUR
    assert colour_of(1) == charts.SUGGESTED_COLOUR
    assert colour_of(0) == charts.NO_LINK_COLOUR


def test_heatmap_rows_run_largest_effort_first_and_are_capped():
    services = [service(f"S{i:02d}", f"Service {i:02d}", effort_fte=float(i),
                        objectives=("O1",)) for i in range(1, 61)]
    chart = charts.service_objective_heatmap(run(*services), max_services=25)
    heatmap = chart.figure.data[0]
    assert len(heatmap.y) == 25
    assert heatmap.y[0].startswith("Service 60") and heatmap.y[-1].startswith("Service 36")
    assert "the 25 largest of 60 services by effort" in chart.title
    assert "25 largest of 60" in chart.figure.layout.title.subtitle.text


def test_heatmap_keeps_two_services_with_the_same_name_apart():
    chart = charts.service_objective_heatmap(run(
        service("S1", "Reporting", effort_fte=None), service("S2", "Reporting", effort_fte=None)))
    assert len(set(chart.figure.data[0].y)) == 2


@pytest.mark.parametrize("objectives, services, words", [
    ((), (service("S1", "Dashboard"),), "no objectives"),
    (OBJECTIVES, (), "no services"),
])
def test_heatmap_with_nothing_to_map_says_why(objectives, services, words):
    figure = charts.service_objective_heatmap(run(*services, objectives=objectives)).figure
    assert not figure.data
    assert words in message(figure)


# --- Effort against priority ---------------------------------------------------------------------


def test_effort_and_priority_shares_per_objective():
    result = sample()
    figure = charts.effort_against_priority(result).figure
    priority, effort = figure.data
    assert (priority.name, effort.name) == ("Share of priority", "Share of effort")
    by_label = dict(zip(priority.y, zip(priority.x, effort.x, strict=True), strict=True))
    for objective in result.objectives:
        label = next(y for y in priority.y if objective.objective_id in y)
        assert by_label[label] == pytest.approx(
            (objective.priority_share, objective.effort_share))
    # The starved objective is flagged, and the effort serving no objective is its own row.
    assert any(y.startswith("⚠") and "OBJ-02" in y for y in priority.y)
    assert priority.y[-1] == "No mandate objective"
    inside = sum(o.effort_share for o in result.objectives)
    assert effort.x[-1] == pytest.approx(1 - inside, abs=0.01)
    assert effort.x[-1] > 0.5  # the coaching story: most effort serves no objective


def test_effort_chart_without_effort_figures_says_so():
    result = run(service("S1", "Dashboard", objectives=("O1",), effort_fte=None))
    chart = charts.effort_against_priority(result)
    assert "no effort figures" in chart.title
    assert set(chart.figure.data[1].text) == {"not known"}


def test_effort_chart_without_objectives_says_why():
    chart = charts.effort_against_priority(run(service("S1", "Dashboard"), objectives=()))
    assert not chart.figure.data and "no objectives" in message(chart.figure)


# --- Sankey -------------------------------------------------------------------------------------


def test_flow_runs_from_customers_through_services_to_objectives():
    result = sample()
    sankey = charts.customer_service_objective_flow(result).figure.data[0]
    labels = list(sankey.node.label)
    assert "Investment Board" in labels
    assert "Project boards (not in mandate)" in labels
    assert "Weekly status report compilation" in labels
    assert any(label.startswith("OBJ-01 ") for label in labels)
    assert "No mandate objective" in labels
    # Bands into an objective carry the effort the audit gives it (within rounding).
    delivered = [o for o in result.objectives if o.effort_fte]
    assert delivered
    for objective in delivered:
        node = next(i for i, label in enumerate(labels)
                    if label.startswith(objective.objective_id + " "))
        into = sum(v for v, t in zip(sankey.link.value, sankey.link.target, strict=True)
                   if t == node)
        assert into == pytest.approx(objective.effort_fte, rel=0.15, abs=0.05)
    # Out of each service the bands add up to its effort.
    weekly = labels.index("Weekly status report compilation")
    out = sum(v for v, s in zip(sankey.link.value, sankey.link.source, strict=True)
              if s == weekly)
    assert out == pytest.approx(1.4)


def test_flow_names_the_customers_and_objectives_no_service_reaches():
    result = sample()
    unserved = [c.name for c in result.customers if not c.served]
    undelivered = [o.objective_id for o in result.objectives if not o.covered]
    assert unserved == ["Benefits owners"]  # the coaching story
    subtitle = charts.customer_service_objective_flow(result).figure.layout.title.subtitle.text
    assert "no service for benefits owners" in subtitle.lower()
    for objective_id in undelivered:
        assert objective_id in subtitle


def test_flow_colours_stated_suggested_and_outside_bands_apart():
    result = sample()
    sankey = charts.customer_service_objective_flow(result).figure.data[0]
    kinds = dict(zip(sankey.link.color, sankey.link.customdata, strict=True))
    assert set(kinds.values()) == {"stated link", "suggested link", "outside the mandate"}
    assert len(kinds) == 3  # one colour per kind


def test_flow_groups_the_smaller_services_and_says_so():
    services = [service(f"S{i:02d}", f"Service {i:02d}", effort_fte=float(i),
                        objectives=("O1",)) for i in range(1, 31)]
    services.append(service("S99", "No figure", effort_fte=None, objectives=("O1",)))
    chart = charts.customer_service_objective_flow(run(*services), max_services=10)
    labels = list(chart.figure.data[0].node.label)
    assert "20 other services" in labels
    assert "Service 30" in labels and "Service 20" not in labels
    assert "the 10 largest services; 20 more grouped" in chart.title
    assert "1 without an effort figure not shown" in chart.title


def test_flow_counts_services_when_no_effort_is_known():
    result = run(service("S1", "A", effort_fte=None, objectives=("O1",)),
                 service("S2", "B", effort_fte=None, objectives=("O2",)))
    chart = charts.customer_service_objective_flow(result)
    assert chart.figure.data[0].valuesuffix == " services"
    assert "counts services" in chart.how_to_read


# --- Small and odd catalogues ---------------------------------------------------------------------


def test_one_service_catalogue_draws_every_chart():
    result = run(service("S1", "Only service", objectives=("O1",)))
    drawn = charts.sponsor_charts(result)
    assert drawn  # else the loop checks nothing
    for chart in drawn:
        assert chart.figure.data, chart.key


def test_an_empty_catalogue_draws_every_chart_with_a_message():
    drawn = charts.sponsor_charts(run())
    assert drawn  # else the loop checks nothing
    for chart in drawn:
        assert chart.figure.layout.title.text, chart.key


def test_a_mandate_with_customers_only_still_places_services():
    result = run(service("S1", "Helpdesk", customers=("Executives",)), objectives=())
    chart = charts.alignment_value_quadrant(result)
    assert chart.figure.data and math.isfinite(chart.figure.data[0].x[0])


# --- Function mix ----------------------------------------------------------------------------


def test_the_function_mix_sets_each_kind_of_work_against_what_the_mandate_asks():
    result = run(
        service("S1", "Weekly status pack", description="Weekly RAG pack", effort_fte=3.0),
        service("S2", "Board minutes", description="Take the minutes", effort_fte=1.0),
        service("S3", "Benefits tracking", description="Track realised benefits",
                effort_fte=1.0))
    chart = charts.function_mix(result)
    assert chart.key == "function_mix" and "how to read" not in chart.how_to_read.lower()
    priority = trace_named(chart.figure, "Share of priority")[0]
    effort = trace_named(chart.figure, "Share of effort")[0]
    rows = dict(zip(effort.y, effort.x, strict=True))
    assert rows["Monitoring and controlling<br>project performance"] == pytest.approx(0.6)
    assert rows["Administrative work"] == pytest.approx(0.2)
    asked = dict(zip(priority.y, priority.x, strict=True))
    assert asked["Administrative work"] == 0.0
    assert sum(priority.x) == pytest.approx(1.0)
    assert "admin" in chart.how_to_read


def test_without_objectives_the_function_mix_is_what_the_catalogue_says_the_pmo_does():
    result = run(service("S1", "Weekly status pack", effort_fte=1.0), objectives=())
    chart = charts.function_mix(result)
    assert not trace_named(chart.figure, "Share of priority")
    assert "what the catalogue says the PMO does" in chart.title
