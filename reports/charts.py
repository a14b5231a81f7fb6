"""The charts sponsors read: pure functions from an audit result to a plotly figure.

Each function returns a `Chart`: a key (for widgets and files), a title, one sentence on
how to read it, and the figure. Nothing here draws or needs a browser; the app shows the
figures interactively and `reports.summary` renders them static for the PDF.

User text (service names, objective statements, customer names, reasons that quote them)
is escaped with `html.escape` before it reaches a figure: plotly renders a few HTML tags
(<b>, <br>, <a>...) in titles, labels and hover text, so a service called "<b>x</b>"
must show as typed, not bold. Only `&`, `<` and `>` are escaped: plotly.js turns
`&amp;`, `&lt;` and `&gt;` back into the characters it shows, but not `&quot;`.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from audit.compare import Comparison, HeadlineChange
from audit.model import AuditResult, FindingCode, Headline, Link, Recommendation, ServiceAssessment
from audit.wording import fte, percent, points_change, shorten
from catalogue.model import ServiceStatus

FONT_FAMILY = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
TEXT_COLOUR = "#1f2933"
MUTED_COLOUR = "#6b7280"
GRID_COLOUR = "#e5e7eb"

# Okabe-Ito colours: distinct for the common colour-vision deficiencies, and in grey print.
RECOMMENDATION_COLOURS: dict[Recommendation, str] = {
    Recommendation.KEEP: "#009E73",
    Recommendation.IMPROVE: "#0072B2",
    Recommendation.RETHINK: "#E69F00",
    Recommendation.RETIRE: "#D55E00",
}
STATED_COLOUR = "#1F4E79"  # an explicit link: in the workbook, or confirmed by a person
SUGGESTED_COLOUR = "#F2B134"  # a link the audit suggested from wording
NO_LINK_COLOUR = "#F1F3F5"
GAP_COLOUR = "#E9ECEF"
FIT_COLOUR = "#374151"
OUTSIDE_COLOUR = "#9CA3AF"  # effort or customers outside the mandate

HEATMAP_MAX_SERVICES = 40
FLOW_MAX_SERVICES = 15
LABEL_LENGTH = 42


@dataclass(frozen=True)
class Chart:
    """One chart for sponsors: a key, a title, how to read it in a sentence, and the figure."""

    key: str
    title: str
    how_to_read: str
    figure: go.Figure


def sponsor_charts(result: AuditResult, *, compact: bool = False) -> tuple[Chart, ...]:
    """Every chart for sponsors, in the order a sponsor reads them.

    `compact`: for a phone's width (about 360 pixels): fewer and shorter labels, every
    legend below its chart, titles wrapped, no rotated ticks.
    """
    if not compact:
        return (
            coverage_figures(result),
            alignment_value_quadrant(result),
            effort_against_priority(result),
            function_mix(result),
            service_objective_heatmap(result),
            customer_service_objective_flow(result),
        )
    charts = (
        coverage_figures(result, compact=True),
        alignment_value_quadrant(result, width=PHONE_WIDTH_PX, height=520,
                                 labels=PHONE_QUADRANT_LABELS),
        effort_against_priority(result, label_shape=(22, 3)),
        function_mix(result, row_height=50),
        service_objective_heatmap(result, max_services=PHONE_MAX_SERVICES,
                                  columns_px=PHONE_WIDTH_PX - 170, row_label_length=18),
        customer_service_objective_flow(result, max_services=6, label_length=12),
    )
    for chart in charts:
        for_phone(chart.figure)
    return charts


PHONE_WIDTH_PX = 360
PHONE_MAX_SERVICES = 12
PHONE_QUADRANT_LABELS = 3
PHONE_TITLE_CHARS = 34


def for_phone(figure: go.Figure) -> go.Figure:
    """Lay a chart out for a phone: the title wrapped, the legend below, ticks level."""
    layout = figure.layout
    title = layout.title.text or ""
    lines = wrap(title, PHONE_TITLE_CHARS) if "<br>" not in title else title
    subtitle = layout.title.subtitle.text or ""
    sublines = wrap(subtitle, PHONE_TITLE_CHARS + 12) if subtitle else ""
    more = lines.count("<br>") + sublines.count("<br>")
    height = layout.height or 450
    margin = layout.margin
    below = 90 if any(getattr(t, "showlegend", False) is not False for t in figure.data) else 0
    top = (margin.t if margin.t is not None else 80) + 20 * more
    figure.update_layout(
        title={"text": lines, "font": {"size": 15}, "subtitle": {"text": sublines}},
        # the legend at the foot of the figure, under the axis and its title
        legend={"orientation": "h", "xref": "container", "yref": "container", "x": 0.02,
                "xanchor": "left", "y": 0.005, "yanchor": "bottom", "font": {"size": 12}},
        height=height + 20 * more + below,
        margin={"t": top, "l": min(margin.l if margin.l is not None else 40, 60),
                "r": 10, "b": (margin.b if margin.b is not None else 40) + below},
    )
    figure.update_xaxes(tickangle=0, nticks=4)
    return figure


# --- Coverage headline figures -----------------------------------------------------------


def coverage_figures(result: AuditResult, *, compact: bool = False) -> Chart:
    """The four headline figures as bars out of 100%, split by stated and suggested links.

    `compact` (a phone): the figure beside each bar without its words, fewer ticks.
    """
    summary = result.summary
    objectives, customers = result.objectives, result.customers
    stated_objectives = sum(1 for o in objectives if o.explicit_services)
    stated_customers = sum(1 for c in customers if c.explicit_services)
    stated_effort = _stated_effort_share(result)

    rows: list[tuple[str, Headline, float | None, str]] = [
        ("Mandate fit", summary.mandate_fit, None, "coverage times effort"),
        ("Objectives covered", summary.objective_coverage,
         stated_objectives / len(objectives) if objectives else None,
         _count_words(objectives, stated_objectives, "objective")),
        ("Customers served", summary.customer_coverage,
         stated_customers / len(customers) if customers else None,
         _count_words(customers, stated_customers, "mandate customer")),
        ("Effort inside the mandate", summary.effort_in_mandate, stated_effort,
         _effort_words(result)),
    ]
    labels = [label for label, *_ in rows]
    fit: list[float | None] = []
    stated: list[float | None] = []
    suggested: list[float | None] = []
    gap: list[float | None] = []
    hover = []
    for label, headline, stated_share, _words in rows:
        value = headline.value
        hover.append(f"<b>{label}</b><br>{wrap(headline.explanation)}")
        parts: tuple[float | None, ...]
        if value is None:
            parts = (None, None, None, None)
        elif label == "Mandate fit":
            parts = (value, None, None, max(1 - value, 0.0))
        else:
            solid = min(stated_share if stated_share is not None else value, value)
            parts = (None, solid, max(value - solid, 0.0), max(1 - value, 0.0))
        for column, part in zip((fit, stated, suggested, gap), parts, strict=True):
            column.append(part)

    figure = go.Figure()
    for name, values, colour, legend in (
        ("Mandate fit", fit, FIT_COLOUR, False),
        ("Backed by stated links", stated, STATED_COLOUR, True),
        ("Only by suggested links", suggested, SUGGESTED_COLOUR, True),
        ("Gap", gap, GAP_COLOUR, True),
    ):
        figure.add_trace(go.Bar(
            name=name, y=labels, x=values, orientation="h", marker_color=colour,
            marker_line_width=0, showlegend=legend, customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        ))
    for label, headline, _stated, words in rows:
        shown = "not known" if headline.value is None else percent(headline.value)
        figure.add_annotation(
            x=1.02, y=label, xref="x", yref="y", xanchor="left", showarrow=False, align="left",
            text=(f"<b>{shown}</b>" if compact else
                  f"<b>{shown}</b>  <span style='color:{MUTED_COLOUR}'>{esc(words)}</span>"),
            font={"size": 14},
        )
    title = "How much of the PMO serves its mandate"
    style(figure, title, height=300)
    figure.update_layout(
        barmode="stack", bargap=0.35,
        xaxis={"range": [0, 1.3 if compact else 1.75],
               "tickvals": [0, 0.5, 1] if compact else [0, 0.25, 0.5, 0.75, 1],
               "tickformat": ".0%",
               "showgrid": True, "gridcolor": GRID_COLOUR, "zeroline": False},
        yaxis={"autorange": "reversed", "type": "category", "ticksuffix": "  "},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "xanchor": "left",
                "traceorder": "normal"},
        margin={"l": 170, "r": 20, "t": 60, "b": 40},
    )
    return Chart(
        "coverage", title,
        "Each bar is out of 100%: dark is backed by links the catalogue or a person stated, "
        "amber only by links the audit suggested from wording (confirm them on the Links "
        "page), grey is the gap. Mandate fit combines the other three (hover for how).",
        figure,
    )


def _count_words(items: tuple, stated: int, word: str) -> str:
    if not items:
        return f"no {word}s in the mandate"
    covered = sum(1 for item in items if item.services)
    only_suggested = covered - min(stated, covered)
    words = f"{covered} of {len(items)}"
    if only_suggested:
        words += f"; {only_suggested} only by suggestion"
    return words


def _effort_words(result: AuditResult) -> str:
    total = result.summary.total_effort_fte
    if total is None or result.summary.effort_in_mandate.value is None:
        return "effort not known"
    inside = result.summary.effort_in_mandate.value * total
    stated = _stated_effort_share(result)
    words = f"{fte(inside)} of {fte(total)}"
    if stated is not None and stated < result.summary.effort_in_mandate.value - 0.005:
        words += f"; {fte(stated * total)} by stated links"
    return words


def _stated_effort_share(result: AuditResult) -> float | None:
    """The share of known effort going to services inside the mandate by stated links."""
    total = result.summary.total_effort_fte
    if not total:
        return None
    by_objectives = bool(result.catalogue.objectives)
    stated = 0.0
    for service in result.services:
        if not _in_service(service) or service.effort_fte is None:
            continue
        links = service.objective_links if by_objectives else service.customer_links
        if links and all(link.explicit for link in links):
            stated += service.effort_fte
    return stated / total


# --- Service by objective heatmap ----------------------------------------------------------


def service_objective_heatmap(result: AuditResult,
                              max_services: int = HEATMAP_MAX_SERVICES, *,
                              columns_px: int = 560,
                              row_label_length: int | None = None) -> Chart:
    """Which service delivers which objective: stated links (✓) apart from suggested ones (≈)."""
    how = ("Rows are services, largest effort first; columns are the mandate's objectives. "
           "✓ is a link the catalogue or a person stated; ≈0.13 is a link the audit only "
           "suggested from wording, with its confidence (0 to 1). An empty row is a service "
           "serving no objective; an empty column is an objective no service delivers.")
    shown, hidden, retired = _services_by_effort(result, max_services)
    objectives = result.objectives
    title = "Which services deliver which objectives"
    if not objectives:
        return Chart("heatmap", title, how, _message_figure(
            title, "The mandate states no objectives, so there is nothing to map services to."))
    if not shown:
        return Chart("heatmap", title, how, _message_figure(
            title, "The catalogue has no services in service to map."))
    notes = _retired_notes(retired)
    if hidden:
        notes.insert(0, f"the {len(shown)} largest of {len(shown) + hidden} services by effort")

    # About 560 pixels for the columns, at a laptop's width and on the A4 page.
    chars = int(columns_px / len(objectives) / 7.5)
    if chars >= 10:
        columns = _unique([wrap(f"{o.objective_id} {o.statement}", chars, max_lines=4)
                           for o in objectives])
    else:  # too narrow for statements: ids only, and the hover gives the statement
        columns = _unique([esc(shorten(o.objective_id, max(chars, 8))) for o in objectives])
    rows = _unique([_service_row_label(s, row_label_length) for s in shown])
    position = {o.objective_id: i for i, o in enumerate(objectives)}
    z = [[0] * len(objectives) for _ in shown]
    text = [[""] * len(objectives) for _ in shown]
    hover = [[f"<b>{esc(shorten(s.name, 80))}</b><br>does not deliver {esc(o.objective_id)}"
              for o in objectives] for s in shown]
    for r, service in enumerate(shown):
        for link in service.objective_links:
            c = position.get(link.target)
            if c is None:
                continue
            z[r][c] = 2 if link.explicit else 1
            text[r][c] = "✓" if link.explicit else f"≈{link.confidence:.2f}"
            hover[r][c] = (f"<b>{esc(shorten(service.name, 80))}</b> → "
                           f"{esc(objectives[c].objective_id)}<br>{_link_words(link)}")

    figure = go.Figure(go.Heatmap(
        z=z, x=columns, y=rows, text=text, texttemplate="%{text}", hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", zmin=0, zmax=2, showscale=False,
        colorscale=[[0, NO_LINK_COLOUR], [0.25, NO_LINK_COLOUR], [0.25, SUGGESTED_COLOUR],
                    [0.75, SUGGESTED_COLOUR], [0.75, STATED_COLOUR], [1, STATED_COLOUR]],
        xgap=2, ygap=2, textfont={"size": 12},
    ))
    for name, colour in (("✓ Stated link", STATED_COLOUR), ("≈ Suggested link (confidence)",
                                                             SUGGESTED_COLOUR)):
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
            marker={"symbol": "square", "size": 12, "color": colour},
        ))
    header_lines = max(c.count("<br>") + 1 for c in columns)
    height = 110 + 26 * len(shown) + 16 * header_lines
    extra = style(figure, title, height=max(height, 320), notes=notes)
    figure.update_layout(
        xaxis={"side": "top", "type": "category", "tickangle": 0, "showgrid": False},
        yaxis={"autorange": "reversed", "type": "category", "showgrid": False},
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0},
        margin={"l": 20, "r": 20, "t": 50 + extra + 16 * header_lines, "b": 40},
        plot_bgcolor="white",
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return Chart("heatmap", _titled(title, notes), how, figure)


def _service_row_label(service: ServiceAssessment, length: int | None = None) -> str:
    extra = []
    if service.effort_fte is not None:
        extra.append(fte(service.effort_fte))
    if service.status is ServiceStatus.PLANNED:
        extra.append("planned")
    elif service.status is ServiceStatus.RETIRING:
        extra.append("retiring")
    suffix = f" ({', '.join(extra)})" if extra else ""
    return esc(shorten(service.name, length or LABEL_LENGTH)) + suffix


def _link_words(link: Link) -> str:
    if link.explicit:
        source = "confirmed by a person" if link.source.value == "person" else "in the catalogue"
        return f"stated link ({source})"
    return f"suggested from wording, confidence {link.confidence:.2f}: not yet confirmed"


# --- Alignment / value quadrant -------------------------------------------------------------


NO_EVIDENCE_Y = -0.14  # the strip below the value axis for "not enough evidence"


def alignment_value_quadrant(result: AuditResult, *, width: int = 900,
                             height: int = 560, labels: int | None = None) -> Chart:
    """Services by alignment (x) and value (y), bubble size effort, colour the recommendation.

    `width` is a hint (the app stretches the chart) for placing the bubbles' names clear of
    one another; `height` is the figure's.
    """
    config = result.config
    how = (f"Right of the dashed line a service serves the mandate (alignment from "
           f"{config.aligned_from:.2f}); above the other it shows value (from "
           f"{config.valuable_from:.2f}). Bubble size is effort in FTE; colour is the "
           f"recommendation.")
    if any(s.value is None for s in result.services):
        how += " Hollow bubbles in the bottom strip have not enough evidence of value to judge."
    title = "Alignment against value, by recommendation"
    shown, _hidden, retired = _services_by_effort(result, None)
    if not result.catalogue.objectives and not result.catalogue.customers:
        return Chart("quadrant", title, how, _message_figure(
            title, "The mandate states no objectives or customers, so alignment cannot be "
                   "judged. State the mandate to place services."))
    if not shown:
        return Chart("quadrant", title, how, _message_figure(
            title, "The catalogue has no services in service to place."))
    notes = _retired_notes(retired)

    efforts = [s.effort_fte for s in shown if s.effort_fte]
    biggest = max(efforts, default=0.0)
    no_evidence = any(s.value is None for s in shown)
    y_low = NO_EVIDENCE_Y - 0.07 if no_evidence else -0.05
    y_high = 1.17
    extra = SUBTITLE_PX if notes else 0
    margin = {"l": 80, "r": 20, "t": 78 + extra, "b": 50}
    frame = _Frame(x_low=-0.05, x_high=1.05, y_low=y_low, y_high=y_high,
                   width=width - margin["l"] - margin["r"],
                   height=height - margin["t"] - margin["b"])

    figure = go.Figure()
    for recommendation in Recommendation:
        group = [s for s in shown if s.recommendation is recommendation]
        if not group:
            continue
        colour = RECOMMENDATION_COLOURS[recommendation]
        name = f"{recommendation.label} ({len(group)})"
        judged = [s for s in group if s.value is not None]
        unjudged = [s for s in group if s.value is None]
        # Filled and hollow bubbles in two traces of one legend entry: a legend draws a
        # trace's first marker, so one mixed trace could show a hollow Keep.
        for members, filled in ((judged, True), (unjudged, False)):
            if not members:
                continue
            figure.add_trace(go.Scatter(
                name=name, legendgroup=recommendation.value,
                showlegend=filled or not judged,
                x=[s.alignment for s in members],
                y=[_quadrant_y(s) for s in members],
                mode="markers",
                marker={
                    "size": [_bubble(s.effort_fte, biggest) for s in members],
                    "sizemode": "diameter",
                    "color": colour if filled else "rgba(255,255,255,0.9)",
                    "line": {"color": "white" if filled else colour,
                             "width": 1 if filled else 2.5},
                    "opacity": 0.85,
                },
                customdata=[_quadrant_hover(s) for s in members],
                hovertemplate="%{customdata}<extra></extra>",
                cliponaxis=False,
            ))
    if no_evidence:
        figure.add_trace(go.Scatter(
            name="Hollow: value not judged", x=[None], y=[None], mode="markers",
            hoverinfo="skip",
            marker={"size": 12, "color": "white", "line": {"color": MUTED_COLOUR, "width": 2}},
        ))

    aligned, valuable = config.aligned_from, config.valuable_from
    line = {"color": MUTED_COLOUR, "dash": "dash", "width": 1.5}
    figure.add_shape(type="line", x0=aligned, x1=aligned, y0=y_low, y1=1.06, line=line,
                     layer="below")
    figure.add_shape(type="line", x0=-0.05, x1=1.05, y0=valuable, y1=valuable, line=line,
                     layer="below")
    if no_evidence:
        figure.add_shape(type="rect", x0=-0.05, x1=1.05, y0=y_low, y1=-0.07,
                         fillcolor="#F3F4F6", line_width=0, layer="below")
    corners: list[tuple[float, float, float, float]] = []
    for x, y, xanchor, yanchor, recommendation in (
        (1.04, y_high - 0.01, "right", "top", Recommendation.KEEP),
        (1.04, -0.04, "right", "bottom", Recommendation.IMPROVE),
        (-0.04, y_high - 0.01, "left", "top", Recommendation.RETHINK),
        (-0.04, -0.04, "left", "bottom", Recommendation.RETIRE),
    ):
        # two long corner names would meet in a narrow chart
        words = recommendation.title if frame.width >= 560 else recommendation.label
        figure.add_annotation(
            x=x, y=y, xanchor=xanchor, yanchor=yanchor, text=f"<b>{words}</b>",
            showarrow=False, font={"size": 12, "color": RECOMMENDATION_COLOURS[recommendation]},
            bgcolor="rgba(255,255,255,0.75)",
        )
        box_width = 7.0 * len(words)
        left = frame.px(x) - (box_width if xanchor == "right" else 0)
        top = frame.py(y) - (16 if yanchor == "bottom" else 0)
        corners.append((left, top, left + box_width, top + 16))
    for service, label in _place_labels(shown, biggest, frame, corners,
                                        labels or QUADRANT_LABELS):
        where = ({"ax": label.dx, "ay": label.dy, "showarrow": True, "arrowhead": 0,
                  "arrowwidth": 1, "arrowcolor": MUTED_COLOUR,
                  "standoff": _bubble(service.effort_fte, biggest) / 2}
                 if label.arrow else
                 {"xshift": label.dx, "yshift": -label.dy, "showarrow": False})
        figure.add_annotation(
            x=service.alignment, y=_quadrant_y(service), text=esc(label.text),
            xanchor=label.xanchor, yanchor=label.yanchor, font={"size": 12,
                                                                "color": TEXT_COLOUR},
            bgcolor="rgba(255,255,255,0.7)", borderpad=1, **where,
        )
    style(figure, title, height=height, notes=notes)
    figure.update_layout(
        xaxis={"title": {"text": "Alignment with the mandate (0 to 1)"},
               "range": [frame.x_low, frame.x_high], "tickvals": [0, 0.25, 0.5, 0.75, 1],
               "gridcolor": GRID_COLOUR, "zeroline": False},
        yaxis={"title": {"text": "Value, from evidence (0 to 1)"},
               "range": [frame.y_low, frame.y_high],
               "tickvals": ([NO_EVIDENCE_Y] if no_evidence else []) + [0, 0.25, 0.5, 0.75, 1],
               "ticktext": (["not enough<br>evidence"] if no_evidence else [])
               + ["0", "0.25", "0.5", "0.75", "1"],
               "gridcolor": GRID_COLOUR, "zeroline": False},
        legend={"orientation": "h", "xref": "container", "yref": "container", "x": 0.005,
                "y": 1 - (40 + extra) / height, "yanchor": "top"},
        margin=margin, plot_bgcolor="white",
    )
    return Chart("quadrant", _titled(title, notes), how, figure)


BUBBLE_MAX_PX, BUBBLE_MIN_PX = 46.0, 9.0
QUADRANT_LABELS = 8  # the largest services are named on the chart; hover names the rest


def _quadrant_y(service: ServiceAssessment) -> float:
    return NO_EVIDENCE_Y if service.value is None else service.value


def _bubble(effort: float | None, biggest: float) -> float:
    """A bubble's diameter in pixels: its area in proportion to the effort."""
    if effort is None or effort <= 0 or biggest <= 0:
        return BUBBLE_MIN_PX
    return max(BUBBLE_MIN_PX, BUBBLE_MAX_PX * math.sqrt(effort / biggest))


@dataclass(frozen=True)
class _Frame:
    """Data to approximate pixels in a plot area, for placing labels where they fit."""

    x_low: float
    x_high: float
    y_low: float
    y_high: float
    width: float
    height: float

    def px(self, x: float) -> float:
        return (x - self.x_low) / (self.x_high - self.x_low) * self.width

    def py(self, y: float) -> float:
        return (self.y_high - y) / (self.y_high - self.y_low) * self.height

    def box(self, x: float, y: float, width: float, height: float
            ) -> tuple[float, float, float, float]:
        cx, cy = self.px(x), self.py(y)
        return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


@dataclass(frozen=True)
class _Label:
    text: str
    dx: float  # pixels right of the point
    dy: float  # pixels below the point
    xanchor: str
    yanchor: str
    arrow: bool = False


def _place_labels(services: list[ServiceAssessment], biggest: float, frame: _Frame,
                  fixed: list[tuple[float, float, float, float]],
                  count: int = QUADRANT_LABELS) -> list[tuple[ServiceAssessment, _Label]]:
    """Name the largest bubbles, each where its label covers no other label and no edge.

    A label goes where it covers no bubble either; failing that, the three largest
    services still get a name, where it covers the least bubble; the others go unnamed
    (their hover names them).
    """
    placed = []
    labels = list(fixed)
    bubbles = [(s.service_id, frame.box(s.alignment, _quadrant_y(s),
                                        _bubble(s.effort_fte, biggest),
                                        _bubble(s.effort_fte, biggest)))
               for s in services]
    largest = sorted((s for s in services if s.effort_fte),
                     key=lambda s: -(s.effort_fte or 0.0))[:count]
    for rank, service in enumerate(largest):
        text = shorten(service.name, 26)
        width, height = 6.9 * len(text) + 4, 16.0  # 12 px text
        r = _bubble(service.effort_fte, biggest) / 2
        cx, cy = frame.px(service.alignment), frame.py(_quadrant_y(service))
        candidates = [
            _Label(text, r + 3, 0, "left", "middle"),
            _Label(text, -r - 3, 0, "right", "middle"),
            _Label(text, 0, -r - 1, "center", "bottom"),
            _Label(text, 0, r + 1, "center", "top"),
        ]
        for far in (r + 24, r + 48, r + 80):  # a label this far away gets a leader line
            candidates += [
                _Label(text, far, -far, "left", "middle", arrow=True),
                _Label(text, far, far, "left", "middle", arrow=True),
                _Label(text, -far, -far, "right", "middle", arrow=True),
                _Label(text, -far, far, "right", "middle", arrow=True),
                _Label(text, 0, -far, "center", "bottom", arrow=True),
                _Label(text, 0, far, "center", "top", arrow=True),
                _Label(text, far * 1.5, 0, "left", "middle", arrow=True),
                _Label(text, -far * 1.5, 0, "right", "middle", arrow=True),
            ]
        best: tuple[float, _Label, tuple[float, float, float, float]] | None = None
        for label in candidates:
            left = cx + label.dx - {"left": 0, "center": width / 2, "right": width}[label.xanchor]
            top = cy + label.dy - {"top": 0, "middle": height / 2, "bottom": height}[
                label.yanchor]
            box = (left, top, left + width, top + height)
            inside = (box[0] >= 0 and box[1] >= 0 and box[2] <= frame.width
                      and box[3] <= frame.height)
            if not inside or any(_overlap(box, other) for other in labels):
                continue
            covered = sum(_overlap_area(box, other) for service_id, other in bubbles
                          if service_id != service.service_id)
            if best is None or covered < best[0]:
                best = (covered, label, box)
            if not covered:
                break
        if best is not None and (best[0] == 0 or rank < 3):
            placed.append((service, best[1]))
            labels.append(best[2])
    return placed


def _overlap_area(a: tuple[float, float, float, float],
                  b: tuple[float, float, float, float]) -> float:
    return (max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
            * max(0.0, min(a[3], b[3]) - max(a[1], b[1])))


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


def _quadrant_hover(service: ServiceAssessment) -> str:
    effort = "effort not known" if service.effort_fte is None else fte(service.effort_fte)
    value = ("not enough evidence" if service.value is None else f"{service.value:.2f}")
    lines = [
        f"<b>{esc(shorten(service.name, 80))}</b> ({esc(shorten(service.service_id, 30))})",
        f"{effort}; alignment {service.alignment:.2f}; value {value}",
        f"<b>{service.recommendation.label}</b>: "
        + wrap(service.recommendation_reason),
        "Alignment: " + wrap(service.alignment_reason),
        "Value: " + wrap(service.value_reason),
    ]
    if service.mandatory:
        lines.insert(2, "Mandatory: never proposed for retirement")
    return "<br>".join(lines)


# --- Effort share against priority share -----------------------------------------------------


def effort_against_priority(result: AuditResult, *, row_height: int = 70,
                            label_shape: tuple[int, int] | None = None) -> Chart:
    """Per objective, its share of the mandate's priority beside its share of the PMO's effort.

    `row_height` is the pixels per objective (both bars and the gap).
    """
    how = ("For each objective, the dark bar is its share of the mandate's priority and the "
           "teal bar its share of the PMO's effort. Where teal falls far short of dark (⚠), "
           "the objective is starved; the last row is effort going to no objective at all.")
    title = "Effort against priority, per objective"
    objectives = result.objectives
    if not objectives:
        return Chart("effort_priority", title, how, _message_figure(
            title, "The mandate states no objectives, so effort cannot be set against them."))
    misaligned = {o for f in result.findings_with(FindingCode.EFFORT_MISALIGNED)
                  for o in f.objectives}
    ordered = sorted(objectives, key=lambda o: -(o.priority_share or 0))
    # Three lines of label fit a roomy row; a tight one (the PDF's) gets two longer ones.
    label_shape = label_shape or ((34, 3) if row_height >= 54 else (56, 2))
    labels = _unique([("⚠ " if o.objective_id in misaligned else "")
                      + wrap(f"{o.objective_id} {o.statement}", *label_shape)
                      for o in ordered])
    priority = [o.priority_share for o in ordered]
    effort = [o.effort_share for o in ordered]
    no_objective = _effort_share_outside_objectives(result)
    if no_objective is not None:
        labels.append("No mandate objective")
        priority.append(0.0)
        effort.append(no_objective)
    notes = [] if any(e is not None for e in effort) else ["no effort figures in the catalogue"]

    def texts(shares: list[float | None]) -> list[str]:
        return ["not known" if s is None else percent(s) for s in shares]

    figure = go.Figure()
    figure.add_trace(go.Bar(
        name="Share of priority", y=labels, x=priority, orientation="h",
        marker_color=STATED_COLOUR, text=texts(priority), textposition="outside",
        cliponaxis=False, hovertemplate="%{y}<br>Priority share %{x:.0%}<extra></extra>",
    ))
    figure.add_trace(go.Bar(
        name="Share of effort", y=labels,
        x=[0 if e is None else e for e in effort], orientation="h",
        marker_color="#2A9D8F", text=texts(effort), textposition="outside", cliponaxis=False,
        hovertemplate="%{y}<br>Effort share %{text}<extra></extra>",
    ))
    top = max([s for s in priority + effort if s is not None], default=1.0)
    margin = {"l": 20, "r": 30, "t": 50 + (SUBTITLE_PX if notes else 0), "b": 28}
    plot_height = row_height * len(labels) + 20
    height = plot_height + margin["t"] + margin["b"]
    style(figure, title, height=height, notes=notes)
    figure.update_layout(
        barmode="group", bargap=0.25, bargroupgap=0.05,
        xaxis={"tickformat": ".0%", "range": [0, min(1.0, top) * 1.18 + 0.02],
               "gridcolor": GRID_COLOUR, "zeroline": False},
        yaxis={"autorange": "reversed", "type": "category", "ticksuffix": "  ",
               "tickfont": {"size": 13 if row_height >= 54 else 12}},
        # On the title's line: the labels' margin would squeeze a legend below the axis.
        legend={"orientation": "h", "xref": "container", "yref": "container", "x": 0.99,
                "xanchor": "right", "y": 1 - 12 / height, "yanchor": "top",
                "traceorder": "normal"},
        margin=margin, plot_bgcolor="white",
    )
    figure.update_yaxes(automargin=True)
    return Chart("effort_priority", _titled(title, notes), how, figure)


FUNCTION_MIX_HOW = (
    "Each row is a kind of PMO work (the groups of Hobbs and Aubry's PMO functions, plus "
    "administrative work), read from the services' and objectives' wording. The dark bar is "
    "the share of the mandate's priority whose objectives ask for that kind of work; the "
    "teal bar the share of the PMO's effort its services take. Teal far beyond dark is "
    "effort the mandate does not ask for (admin work is the usual sign of drift); dark "
    "with little teal is work the mandate wants and the PMO barely does.")


def function_mix(result: AuditResult, *, row_height: int = 56) -> Chart:
    """Per PMO function group: its share of the PMO's effort against the share the mandate asks for."""
    title = "Kinds of PMO work: effort against what the mandate asks for"
    how = FUNCTION_MIX_HOW
    groups = [g for g in result.function_groups
              if g.services or (g.priority_share or 0) > 0]
    if not groups:
        return Chart("function_mix", title, how, _message_figure(
            title, "No service in service has a name or description to read its kind of "
                   "work from."))
    has_priority = any(g.priority_share is not None for g in groups)
    has_effort = any(g.effort_share is not None for g in groups)
    notes = []
    if not has_priority:
        notes.append("the mandate states no objectives: this is what the catalogue says the "
                     "PMO does")
        how = how + " Without objectives there is no dark bar."
    if not has_effort:
        notes.append("no effort figures in the catalogue")
    ordered = sorted(groups, key=lambda g: (-(g.effort_share or 0), -(g.priority_share or 0)))
    labels = _unique([wrap(g.name, 30, 2) for g in ordered])
    figure = go.Figure()
    if has_priority:
        priority = [g.priority_share or 0.0 for g in ordered]
        figure.add_trace(go.Bar(
            name="Share of priority", y=labels, x=priority, orientation="h",
            marker_color=STATED_COLOUR, text=[percent(p) for p in priority],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{y}<br>Priority share %{x:.0%}<extra></extra>"))
    effort = [g.effort_share for g in ordered]
    figure.add_trace(go.Bar(
        name="Share of effort", y=labels, x=[e or 0.0 for e in effort], orientation="h",
        marker_color="#2A9D8F",
        text=["not known" if e is None else percent(e) for e in effort],
        textposition="outside", cliponaxis=False,
        customdata=[len(g.services) for g in ordered],
        hovertemplate="%{y}<br>Effort share %{text}<br>%{customdata} services<extra></extra>"))
    top = max([v for g in ordered for v in (g.effort_share, g.priority_share)
               if v is not None], default=1.0)
    margin = {"l": 20, "r": 30, "t": 50 + (SUBTITLE_PX if notes else 0), "b": 28}
    height = row_height * len(labels) + 20 + margin["t"] + margin["b"]
    style(figure, title, height=height, notes=notes)
    figure.update_layout(
        barmode="group", bargap=0.25, bargroupgap=0.05,
        xaxis={"tickformat": ".0%", "range": [0, min(1.0, top or 1.0) * 1.18 + 0.02],
               "gridcolor": GRID_COLOUR, "zeroline": False},
        yaxis={"autorange": "reversed", "type": "category", "ticksuffix": "  "},
        legend={"orientation": "h", "xref": "container", "yref": "container", "x": 0.99,
                "xanchor": "right", "y": 1 - 12 / height, "yanchor": "top",
                "traceorder": "normal"},
        margin=margin, plot_bgcolor="white")
    figure.update_yaxes(automargin=True)
    return Chart("function_mix", _titled(title, notes), how, figure)


def _effort_share_outside_objectives(result: AuditResult) -> float | None:
    total = result.summary.total_effort_fte
    if not total:
        return None
    outside = sum(s.effort_fte or 0.0 for s in result.services
                  if _in_service(s) and not s.objective_links)
    return outside / total


# --- Customers to services to objectives ---------------------------------------------------


def customer_service_objective_flow(result: AuditResult,
                                    max_services: int = FLOW_MAX_SERVICES, *,
                                    label_length: int | None = None) -> Chart:
    """A Sankey of effort from customers through services to objectives, by the links used."""
    how = ("Read left to right: who each service is for, the service (coloured by "
           "recommendation), and the objective it serves. Band width is effort in FTE, split "
           "evenly over a service's customers and by link confidence over its objectives; "
           "blue bands are stated links, amber suggested, grey outside the mandate.")
    title = "Who the effort is for, and what it serves"
    services = [s for s in result.services if _in_service(s)]
    use_effort = any(s.effort_fte for s in services)
    if use_effort:
        unknown = [s for s in services if not s.effort_fte]
        services = [s for s in services if s.effort_fte]
    else:
        unknown = []
        how = how.replace("Band width is effort in FTE", "Band width counts services (the "
                          "catalogue gives no effort)")
    if not services:
        return Chart("flow", title, how, _message_figure(
            title, "The catalogue has no services in service to show."))
    services.sort(key=lambda s: -(s.effort_fte or 0.0))
    top, rest = services[:max_services], services[max_services:]
    notes = []
    if rest:
        notes.append(f"the {len(top)} largest services; {len(rest)} more grouped")
    if unknown:
        notes.append(f"{len(unknown)} without an effort figure not shown")
    unserved = [c.name for c in result.customers if not c.served]
    undelivered = [o.objective_id for o in result.objectives if not o.covered]
    if unserved:
        notes.append("no service for " + ", ".join(shorten(n, 30) for n in unserved[:4])
                     + (" and more" if len(unserved) > 4 else ""))
    if undelivered:
        notes.append("no service delivers " + ", ".join(shorten(o, 20) for o in undelivered[:5])
                     + (" and more" if len(undelivered) > 5 else ""))

    nodes: dict[tuple[str, str], int] = {}
    labels: list[str] = []
    colours: list[str] = []

    def node(kind: str, key: str, label: str, colour: str) -> int:
        if (kind, key) not in nodes:
            nodes[kind, key] = len(labels)
            labels.append(label)
            colours.append(colour)
        return nodes[kind, key]

    flows: dict[tuple[int, int, str], float] = defaultdict(float)
    mandate_customers = {c.name for c in result.customers}
    objective_names = {o.objective_id: o.statement for o in result.objectives}
    other = f"{len(rest)} others" if label_length else f"{len(rest)} other services"
    for rank, service in enumerate(top + rest):
        width = service.effort_fte if use_effort and service.effort_fte else 1.0
        if rank >= len(top):
            middle = node("service", "\0other", other, OUTSIDE_COLOUR)
        else:
            middle = node("service", service.service_id,
                          esc(shorten(service.name, label_length or 34)),
                          RECOMMENDATION_COLOURS[service.recommendation])
        customers: list[tuple[str, str]] = [(link.target, link.kind.value)
                                            for link in service.customer_links]
        customers += [(name, "outside") for name in service.customers_outside_mandate
                      if name not in mandate_customers]
        if not customers:
            customers = [("\0none", "outside")]
        for name, kind in customers:
            if name == "\0none":
                source = node("customer", name, "No customer named", OUTSIDE_COLOUR)
            elif kind == "outside":
                source = node("customer", name, esc(shorten(name, label_length or 30))
                              + ("*" if label_length else " (not in mandate)"), OUTSIDE_COLOUR)
            else:
                source = node("customer", name, esc(shorten(name, label_length or 30)),
                              "#4B5563")
            flows[source, middle, kind] += width / len(customers)
        links = [link for link in service.objective_links if link.target in objective_names]
        if links:
            weight = sum(max(link.confidence, 1e-6) for link in links)
            for link in links:
                target = node("objective", link.target, esc(
                    shorten(link.target, label_length) if label_length else shorten(
                        f"{link.target} {objective_names[link.target]}", 40)), STATED_COLOUR)
                flows[middle, target, link.kind.value] += (
                    width * max(link.confidence, 1e-6) / weight)
        else:
            target = node("objective", "\0none",
                          "None" if label_length else "No mandate objective", OUTSIDE_COLOUR)
            flows[middle, target, "outside"] += width

    band = {"explicit": "rgba(31, 78, 121, 0.40)", "suggested": "rgba(242, 177, 52, 0.55)",
            "outside": "rgba(156, 163, 175, 0.45)"}
    kind_words = {"explicit": "stated link", "suggested": "suggested link",
                  "outside": "outside the mandate"}
    unit = "FTE" if use_effort else "services"
    keys = list(flows)
    figure = go.Figure(go.Sankey(
        arrangement="snap", valueformat=".2f", valuesuffix=f" {unit}",
        node={"label": labels, "color": colours, "pad": 10, "thickness": 16,
              "line": {"color": "white", "width": 0.5},
              "hovertemplate": "%{label}<br>%{value}<extra></extra>"},
        link={"source": [k[0] for k in keys], "target": [k[1] for k in keys],
              "value": [round(flows[k], 4) for k in keys],
              "color": [band[k[2]] for k in keys],
              "customdata": [kind_words[k[2]] for k in keys],
              "hovertemplate": "%{source.label} → %{target.label}<br>%{value} "
                               "(%{customdata})<extra></extra>"},
        textfont={"size": 12, "color": TEXT_COLOUR, "family": FONT_FAMILY},
    ))
    extra = style(figure, title, height=max(420, 140 + 30 * min(len(top) + bool(rest), 40)),
                   notes=notes)
    figure.update_layout(margin={"l": 20, "r": 20, "t": 60 + extra, "b": 20})
    return Chart("flow", _titled(title, notes), how, figure)


# --- Shared helpers --------------------------------------------------------------------------


def _in_service(service: ServiceAssessment) -> bool:
    """Delivering now: active, retiring, or without a status (as the audit counts it)."""
    return service.status not in (ServiceStatus.PLANNED, ServiceStatus.RETIRED)


def _services_by_effort(result: AuditResult, limit: int | None
                        ) -> tuple[list[ServiceAssessment], int, int]:
    """Services not retired, largest effort first (unknown last); those beyond `limit` cut."""
    retired = sum(1 for s in result.services if s.status is ServiceStatus.RETIRED)
    live = [s for s in result.services if s.status is not ServiceStatus.RETIRED]
    live.sort(key=lambda s: (s.effort_fte is None, -(s.effort_fte or 0.0)))
    if limit is None or len(live) <= limit:
        return live, 0, retired
    return live[:limit], len(live) - limit, retired


def _retired_notes(retired: int) -> list[str]:
    if not retired:
        return []
    return [f"{retired} retired service{'s' if retired != 1 else ''} not shown"]


def _titled(title: str, notes: list[str]) -> str:
    """The chart's title with what it leaves out, as one line of plain text."""
    return f"{title} ({'; '.join(notes)})" if notes else title


SUBTITLE_PX = 20


def style(figure: go.Figure, title: str, height: int, notes: Sequence[str] = ()) -> int:
    """The shared look; what the chart leaves out goes in a subtitle. Returns its pixels."""
    subtitle = esc("; ".join(notes))  # notes may name customers or objectives
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 1, "yanchor": "top",
               "yref": "container", "pad": {"t": 14, "l": 4}, "font": {"size": 17},
               "subtitle": {"text": subtitle[:1].upper() + subtitle[1:],
                            "font": {"size": 12, "color": MUTED_COLOUR}}},
        template="plotly_white", height=height,
        font={"family": FONT_FAMILY, "size": 13, "color": TEXT_COLOUR},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 12}, "align": "left"},
        paper_bgcolor="white",
    )
    return SUBTITLE_PX if notes else 0


def _message_figure(title: str, message: str) -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=wrap(message, 70), x=0.5, y=0.5, xref="paper",
                          yref="paper", showarrow=False, font={"size": 15, "color": MUTED_COLOUR})
    style(figure, title, height=260)
    figure.update_layout(xaxis={"visible": False}, yaxis={"visible": False})
    return figure


def esc(text: str) -> str:
    """User text made safe for plotly, which renders a few HTML tags in text."""
    return html.escape(str(text), quote=False)


def wrap(text: str, width: int = 60, max_lines: int | None = None) -> str:
    """User text escaped and broken into lines of about `width` characters with <br>."""
    lines: list[str] = []
    line = ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = shorten(lines[-1], width - 1).rstrip("…") + "…"
    return "<br>".join(esc(line) for line in lines)


def _unique(labels: Iterable[str]) -> list[str]:
    """Category labels made distinct (plotly would merge two rows with the same label)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        count = seen.get(label, 0)
        seen[label] = count + 1
        out.append(label if not count else f"{label} ({count + 1})")
    return out


# What changed between two audits (audit.compare) -------------------------------------

BEFORE_COLOUR = OUTSIDE_COLOUR
AFTER_COLOUR = FIT_COLOUR


def comparison_chart(comparison: Comparison) -> Chart:
    """The four headline percentages, before beside after, as grouped horizontal bars."""
    rows = [h for h in comparison.headlines if h.percent]
    labels = [h.label for h in rows]
    before, after = esc(comparison.before_label), esc(comparison.after_label)
    figure = go.Figure()
    for name, values, colour in ((before, [h.before for h in rows], BEFORE_COLOUR),
                                 (after, [h.after for h in rows], AFTER_COLOUR)):
        figure.add_trace(go.Bar(
            name=name, y=labels, x=values, orientation="h", marker_color=colour,
            marker_line_width=0,
            text=["not known" if v is None else percent(v) for v in values],
            textposition="outside", cliponaxis=False,
            customdata=[wrap(f"{h.label}: {h.shown(h.before)} in {comparison.before_label}, "
                              f"{h.shown(h.after)} in {comparison.after_label}") for h in rows],
            hovertemplate="%{customdata}<extra></extra>",
        ))
    for h in rows:
        figure.add_annotation(
            x=1.1, y=h.label, xref="x", yref="y", xanchor="left", showarrow=False,
            text=f"<span style='color:{MUTED_COLOUR}'>{_points(h)}</span>", font={"size": 13},
        )
    title = "What changed against the mandate"
    style(figure, title, height=360)
    figure.update_layout(
        barmode="group", bargap=0.3, bargroupgap=0.05,
        xaxis={"range": [0, 1.32], "tickvals": [0, 0.25, 0.5, 0.75, 1], "tickformat": ".0%",
               "showgrid": True, "gridcolor": GRID_COLOUR, "zeroline": False},
        yaxis={"autorange": "reversed", "type": "category", "ticksuffix": "  "},
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0, "xanchor": "left",
                "traceorder": "normal"},
        margin={"l": 170, "r": 30, "t": 60, "b": 40}, plot_bgcolor="white",
    )
    return Chart(
        "comparison", title,
        f"Each pair of bars is one headline figure out of 100%: grey is "
        f"{comparison.before_label}, dark is {comparison.after_label}; the figure on the right "
        f"is the change in percentage points. A longer dark bar means more of the PMO now "
        f"serves its mandate.",
        figure,
    )


def _points(headline: HeadlineChange) -> str:
    """The change in whole percentage points, as the bars' labels round them: '+16 points'."""
    if headline.before is None or headline.after is None:
        return "not comparable"
    return points_change(headline.before, headline.after).replace("-", "−")
