"""Interactive charts for the report, as plotly.js figure specifications (plain dicts).

Figures are built as JSON-compatible dicts rather than through ``plotly.graph_objects``, so
building a report does not import plotly's Python layer; only the bundled ``plotly.min.js``
is read from the installed ``plotly`` package and inlined once into the page, which keeps
the report usable offline.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

Figure = dict[str, Any]

_LAYOUT: dict[str, Any] = {
    "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
    "font": {"family": "Helvetica, Arial, sans-serif", "size": 12},
    "height": 380,
}


def plotly_js() -> str:
    """Return the text of plotly.js as shipped inside the ``plotly`` Python package."""
    return (
        resources.files("plotly")
        .joinpath("package_data", "plotly.min.js")
        .read_text(encoding="utf-8")
    )


def figure_script(div_id: str, fig: Figure) -> str:
    """Return the ``<script>`` body that draws ``fig`` into the element ``div_id``."""
    spec = json.dumps(fig, separators=(",", ":")).replace("</", "<\\/")
    return (
        f"(function(){{var f={spec};"
        f"Plotly.newPlot({json.dumps(div_id)},f.data,f.layout,"
        '{"displaylogo":false,"responsive":true});})();'
    )


def trajectories(
    title: str, rounds: list[int], actors: dict[str, list[float]], median: list[float]
) -> Figure:
    """Actor positions per round, with the weighted median as a thick line."""
    data: list[dict[str, Any]] = [
        {"type": "scatter", "mode": "lines", "name": a, "x": rounds, "y": ys,
         "line": {"width": 1}, "opacity": 0.7}
        for a, ys in actors.items()
    ]  # fmt: skip
    data.append(
        {"type": "scatter", "mode": "lines", "name": "weighted median", "x": rounds,
         "y": median, "line": {"width": 4, "color": "#111"}}
    )  # fmt: skip
    return {
        "data": data,
        "layout": {**_LAYOUT, "title": {"text": title},
                   "xaxis": {"title": {"text": "round"}},
                   "yaxis": {"title": {"text": "position"}}},
    }  # fmt: skip


def forecast_bands(
    issues: list[str],
    series: dict[str, tuple[list[float], list[float], list[float]]],
    status_quo: list[float],
) -> Figure:
    """Forecasts per issue, each series a (median, p05, p95) triple, against the status quo."""
    colours = ["#1f4e89", "#9aa9bd", "#5b8c5a", "#8a5a00"]
    data: list[dict[str, Any]] = []
    for k, (name, (median, p05, p95)) in enumerate(series.items()):
        data.append(
            {"type": "scatter", "mode": "markers", "name": name, "x": median, "y": issues,
             "error_x": {"type": "data", "symmetric": False,
                         "array": [h - m for h, m in zip(p95, median, strict=True)],
                         "arrayminus": [m - lo for m, lo in zip(median, p05, strict=True)]},
             "marker": {"size": 10 if k == 0 else 7, "color": colours[k % len(colours)]}}
        )  # fmt: skip
    data.append(
        {"type": "scatter", "mode": "markers", "name": "status quo", "x": status_quo,
         "y": issues, "marker": {"symbol": "line-ns-open", "size": 16, "color": "#b00"}}
    )  # fmt: skip
    return {
        "data": data,
        "layout": {**_LAYOUT, "title": {"text": "Forecasts: medians of the draws, 5-95 % bands"},
                   "xaxis": {"title": {"text": "position on the issue scale"}},
                   "yaxis": {"automargin": True}},
    }  # fmt: skip


def status_quo_history(
    title: str,
    dates: list[str],
    values: list[float],
    lows: list[float],
    highs: list[float],
    markers: list[tuple[str, str, str]],
) -> Figure:
    """An issue's status quo over time with its range, and (date, label, kind) markers for
    agreements (kind ``agreement``) and breakdowns (kind ``breakdown``)."""
    top = max(highs) if highs else 100.0
    data: list[dict[str, Any]] = [
        {"type": "scatter", "mode": "lines", "x": dates, "y": highs, "line": {"width": 0},
         "showlegend": False, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "lines", "x": dates, "y": lows, "fill": "tonexty",
         "fillcolor": "rgba(31,78,137,0.15)", "line": {"width": 0}, "name": "range"},
        {"type": "scatter", "mode": "lines", "line": {"shape": "hv", "color": "#1f4e89"},
         "x": dates, "y": values, "name": "status quo"},
    ]  # fmt: skip
    for kind, colour, symbol in (("agreement", "#2e7d32", "triangle-up"),
                                 ("breakdown", "#b00", "x")):  # fmt: skip
        chosen = [m for m in markers if m[2] == kind]
        if chosen:
            data.append(
                {"type": "scatter", "mode": "markers", "name": f"{kind}s",
                 "x": [m[0] for m in chosen], "y": [top] * len(chosen),
                 "text": [m[1] for m in chosen], "hoverinfo": "x+text",
                 "marker": {"color": colour, "symbol": symbol, "size": 9}}
            )  # fmt: skip
    return {
        "data": data,
        "layout": {**_LAYOUT, "title": {"text": title},
                   "yaxis": {"title": {"text": "position on the issue scale"}}},
    }  # fmt: skip


def bars(
    title: str, labels: list[str], values: list[float], axis: str, unit_range: bool = True
) -> Figure:
    """A horizontal bar chart (probabilities and shares on 0..1 unless ``unit_range`` is off)."""
    x_axis: dict[str, Any] = {"title": {"text": axis}}
    if unit_range:
        x_axis["range"] = [0, 1]
    return {
        "data": [{"type": "bar", "orientation": "h", "x": values, "y": labels,
                  "marker": {"color": "#1f4e89"}}],
        "layout": {**_LAYOUT, "title": {"text": title},
                   "xaxis": x_axis,
                   "yaxis": {"automargin": True, "autorange": "reversed"},
                   "height": max(240, 28 * len(labels) + 90)},
    }  # fmt: skip


def frontier(
    actor_a: str,
    actor_b: str,
    ua: list[float],
    ub: list[float],
    points: dict[str, tuple[float, float]],
) -> Figure:
    """The two-actor Pareto frontier with named packages placed on the same axes."""
    return {
        "data": [
            {"type": "scatter", "mode": "lines+markers", "name": "Pareto frontier",
             "x": ua, "y": ub, "line": {"color": "#1f4e89"}},
            {"type": "scatter", "mode": "markers+text", "name": "packages",
             "x": [p[0] for p in points.values()], "y": [p[1] for p in points.values()],
             "text": list(points), "textposition": "top center",
             "marker": {"size": 8, "color": "#b06000"}},
        ],
        "layout": {**_LAYOUT, "title": {"text": f"Utilities of {actor_a} and {actor_b}"},
                   "xaxis": {"title": {"text": f"utility of {actor_a}"}},
                   "yaxis": {"title": {"text": f"utility of {actor_b}"}}},
    }  # fmt: skip


def network(
    nodes: list[str], xy: list[tuple[float, float]], edges: list[tuple[int, int, int]]
) -> Figure:
    """Who challenges whom: nodes on a circle, an edge per proposer -> receiver with counts."""
    data: list[dict[str, Any]] = []
    for src, dst, count in edges:
        (x0, y0), (x1, y1) = xy[src], xy[dst]
        data.append(
            {"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
             "line": {"width": 1 + min(count, 8), "color": "rgba(31,78,137,0.35)"},
             "hoverinfo": "text", "text": f"{nodes[src]} -> {nodes[dst]}: {count}",
             "showlegend": False}
        )  # fmt: skip
    data.append(
        {"type": "scatter", "mode": "markers+text", "x": [p[0] for p in xy],
         "y": [p[1] for p in xy], "text": nodes, "textposition": "top center",
         "marker": {"size": 12, "color": "#12355b"}, "showlegend": False}
    )  # fmt: skip
    hidden = {"visible": False}
    return {
        "data": data,
        "layout": {**_LAYOUT, "title": {"text": "Pressure network: strongest links, all issues"},
                   "xaxis": hidden, "yaxis": {**hidden, "scaleanchor": "x"}, "height": 520},
    }  # fmt: skip


def signed_bars(title: str, labels: list[str], values: list[float], axis: str) -> Figure:
    """A horizontal bar chart of changes that may be negative."""
    colours = ["#1f4e89" if v >= 0 else "#b00" for v in values]
    return {
        "data": [{"type": "bar", "orientation": "h", "x": values, "y": labels,
                  "marker": {"color": colours}}],
        "layout": {**_LAYOUT, "title": {"text": title},
                   "xaxis": {"title": {"text": axis}, "zeroline": True},
                   "yaxis": {"automargin": True, "autorange": "reversed"},
                   "height": max(240, 28 * len(labels) + 90)},
    }  # fmt: skip


def reach_curves(roadmaps: dict[str, list[float]]) -> Figure:
    """Probability of reaching each phase, one line per roadmap."""
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": name,
         "x": list(range(1, len(ps) + 1)), "y": ps}
        for name, ps in roadmaps.items()
    ]  # fmt: skip
    return {
        "data": data,
        "layout": {**_LAYOUT, "title": {"text": "Probability of reaching each phase"},
                   "xaxis": {"title": {"text": "phase"}, "dtick": 1},
                   "yaxis": {"title": {"text": "probability"}, "range": [0, 1]}},
    }  # fmt: skip
