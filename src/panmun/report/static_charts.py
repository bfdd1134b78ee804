"""The report's charts as static scenes, for print (PDF) and Word: no script, no browser.

Each function turns report data into a :class:`~panmun.report.svg.Scene`, which
:func:`~panmun.report.svg.scene_svg` writes as SVG and :func:`~panmun.report.raster.scene_png`
paints as PNG. Fixed texts (legends, axis titles) come from the ``report`` catalogue; names
come from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from panmun.report.i18n import Texts
from panmun.report.svg import Circle, Label, Line, Path, Rect, Scene, Shape

INK, GRID, SQ, MAIN, SOFT = "#1b1b1b", "#dddddd", "#bb0000", "#1f4e89", "#9aa9bd"
PALETTE = ("#1f4e89", "#b06000", "#5b8c5a", "#8a5a00", "#7a3e9d", "#2a7f8f", "#9c2f2f")


def _width(text: str, size: float) -> float:
    """About how wide ``text`` is at font ``size`` (wide East Asian characters count double)."""
    return sum(size * (1.0 if ord(ch) >= 0x1100 else 0.58) for ch in text)


def _fit(text: str, room: float, size: float) -> str:
    """``text`` shortened with an ellipsis to fit about ``room`` pixels at font ``size``."""
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _x(v: float, lo: float, hi: float, left: float, right: float) -> float:
    span = hi - lo or 1.0
    return left + (min(max(v, lo), hi) - lo) / span * (right - left)


def _legend(items: Sequence[tuple[str, Shape]], y: float, x: float) -> list[Shape]:
    """Legend entries in one row: each a small sample shape, then its label."""
    out: list[Shape] = []
    for text, sample in items:
        if isinstance(sample, Circle):
            out.append(Circle(x + 5, y - 4, sample.r, sample.fill, sample.stroke))
        elif isinstance(sample, Line):
            out.append(Line(x, y - 4, x + 12, y - 4, sample.colour, sample.width, sample.dash))
            out.append(Line(x + 6, y - 10, x + 6, y + 2, sample.colour, 2, sample.dash))
        out.append(Label(x + 16, y, text, 10))
        x += 26 + _width(text, 10)
    return out


def forecast_chart(issues: list[dict[str, Any]], t: Texts, width: int = 680) -> Scene:
    """Per issue: the status quo, the feasible outcome with its 5-95 % band and, hollow,
    where bargaining points if nobody could veto (the report's forecast issues)."""
    left, right, top, row_h = 240.0, width - 16.0, 30.0, 22.0
    shapes: list[Shape] = []
    n = max(len(issues), 1)
    axis_y = top + row_h * n
    scales = {(i["scale"][0], i["scale"][1]) for i in issues}
    common = len(scales) == 1
    lo, hi = scales.pop() if common else (0.0, 100.0)
    for k in range(5):
        x = left + k / 4 * (right - left)
        shapes.append(Line(x, top - 8, x, axis_y, GRID))
        if common:
            shapes.append(Label(x, axis_y + 14, f"{lo + k / 4 * (hi - lo):g}", 10, "middle"))
    shapes.append(Line(left, axis_y, right, axis_y, "#555555"))
    for row, i in enumerate(issues):
        y = top + row_h * row + row_h / 2
        a, b = i["scale"]
        band = i["consent"]["feasible"]
        shapes.append(Label(left - 8, y + 4, _fit(i["name"], left - 14, 10.5), 10.5, "end"))
        x0, x1 = _x(band["p05"], a, b, left, right), _x(band["p95"], a, b, left, right)
        shapes.append(Line(x0, y, x1, y, SOFT, 4))
        sq = _x(i["status_quo"], a, b, left, right)
        shapes.append(Line(sq, y - 8, sq, y + 8, SQ, 2, "3 2"))
        shapes.append(
            Circle(_x(i["unconstrained"]["median"], a, b, left, right), y, 4.5, None, "#555555")
        )
        shapes.append(Circle(_x(i["feasible"], a, b, left, right), y, 5.5, MAIN))
    legend: list[tuple[str, Shape]] = [
        (t.gettext("feasible outcome (5-95 %% band)"), Circle(0, 0, 5, MAIN)),
        (t.gettext("if nobody could veto"), Circle(0, 0, 4, None, "#555555")),
        (t.gettext("status quo"), Line(0, 0, 0, 0, SQ, 2, "3 2")),
    ]
    shapes += _legend(legend, 14, 12)
    title = t.gettext("Feasible outcome, status quo and unconstrained forecast per issue")
    return Scene(width, int(axis_y + 24), tuple(shapes), title)


def bar_chart(
    title: str, labels: list[str], values: list[float], axis: str, width: int = 680
) -> Scene:
    """Horizontal bars from zero (negative values to the left, in red)."""
    left, right, top, row_h = 250.0, width - 50.0, 24.0, 18.0
    lo, hi = min([0.0, *values]), max([0.0, *values])
    if hi - lo < 1e-12:
        hi = 1.0
    zero = _x(0.0, lo, hi, left, right)
    shapes: list[Shape] = [Label(12, 14, title, 11, bold=True)]
    for row, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = top + row_h * row
        x = _x(v, lo, hi, left, right)
        shapes.append(Label(left - 8, y + 12, _fit(label, left - 14, 10), 10, "end"))
        shapes.append(Rect(min(x, zero), y + 3, abs(x - zero), row_h - 6, MAIN if v >= 0 else SQ))
        digits = 2 if max(abs(lo), abs(hi)) <= 1 else 3
        text = f"{v:+.{digits}f}" if lo < 0 else f"{v:.{digits}f}"
        shapes.append(Label(max(x, zero) + 4, y + 12, text, 9.5))
    bottom = top + row_h * max(len(labels), 1)
    shapes.append(Line(zero, top, zero, bottom, "#555555"))
    shapes.append(Label((left + right) / 2, bottom + 16, axis, 10, "middle"))
    return Scene(width, int(bottom + 24), tuple(shapes), title)


def line_chart(
    title: str,
    series: dict[str, list[tuple[float, float]]],
    axes: tuple[str, str],
    y_range: tuple[float, float] | None = None,
    points: dict[str, tuple[float, float]] | None = None,
    width: int = 680,
    height: int = 260,
) -> Scene:
    """Lines through (x, y) points, one colour per series, with an optional set of named
    points (packages on a frontier); x values are numbers (years as decimals)."""
    left, right, top, bottom = 56.0, width - 170.0, 26.0, height - 34.0
    xs = [x for pts in series.values() for x, _ in pts] + [p[0] for p in (points or {}).values()]
    ys = [y for pts in series.values() for _, y in pts] + [p[1] for p in (points or {}).values()]
    x_lo, x_hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
    y_lo, y_hi = y_range or ((min(ys), max(ys)) if ys else (0.0, 1.0))
    if y_hi - y_lo < 1e-12:
        y_lo, y_hi = y_lo - 1, y_hi + 1
    shapes: list[Shape] = [Label(12, 14, title, 11, bold=True)]

    def at(x: float, y: float) -> tuple[float, float]:
        return _x(x, x_lo, x_hi, left, right), bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top)

    for k in range(5):
        yv = y_lo + k / 4 * (y_hi - y_lo)
        _, yy = at(x_lo, yv)
        shapes.append(Line(left, yy, right, yy, GRID))
        shapes.append(Label(left - 6, yy + 4, f"{yv:.3g}", 9.5, "end"))
    for k in range(5):
        xv = x_lo + k / 4 * (x_hi - x_lo)
        xx, _ = at(xv, y_lo)
        shapes.append(Label(xx, bottom + 14, f"{xv:.4g}", 9.5, "middle"))
    shapes.append(Line(left, bottom, right, bottom, "#555555"))
    shapes.append(Label((left + right) / 2, bottom + 28, axes[0], 10, "middle"))
    shapes.append(Label(12, top - 4 + 12, axes[1], 10))
    for k, (name, pts) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        placed = tuple(at(x, y) for x, y in pts)
        if len(placed) > 1:
            shapes.append(Path(placed, colour, 2.5 if k == 0 and len(series) > 1 else 1.5))
        for cx, cy in placed if len(placed) <= 12 else ():
            shapes.append(Circle(cx, cy, 2.5, colour))
        ly = top + 14 * k + 8
        if ly < bottom:
            shapes.append(Line(right + 10, ly - 4, right + 24, ly - 4, colour, 2))
            shapes.append(Label(right + 28, ly, _fit(name, width - right - 30, 9.5), 9.5))
    for name, (px, py) in (points or {}).items():
        cx, cy = at(px, py)
        shapes.append(Circle(cx, cy, 3.5, "#b06000"))
        shapes.append(Label(cx + 5, cy - 5, _fit(name, 150, 8.5), 8.5))
    return Scene(width, height, tuple(shapes), title)


def report_scenes(data: dict[str, Any], t: Texts) -> dict[str, Scene]:
    """``{figure id: scene}`` for the report's figures that print well as static charts (the
    same ids as the interactive figures; the pressure network is left to its table)."""
    scenes: dict[str, Scene] = {}
    names = data.get("names", {})
    fc = data.get("forecasts")
    if fc and fc["issues"]:
        scenes["fig-forecast-bands"] = forecast_chart(fc["issues"], t)
        for i in fc["issues"]:
            rounds = [float(r["round"]) for r in i["rounds"]]
            series = {
                t.gettext("weighted median"): list(
                    zip(rounds, [r["weighted_median"] for r in i["rounds"]], strict=True)
                )
            }
            for a, ys in sorted(
                i["trajectories"].items(), key=lambda kv: -abs(kv[1][-1] - kv[1][0])
            )[:6]:
                series[names.get(a, a)] = list(zip(rounds, ys, strict=True))
            scenes[f"fig-traj-{i['issue']}"] = line_chart(
                t.gettext("%(issue)s: positions by round at the stated values", issue=i["name"]),
                series,
                (t.gettext("round"), t.gettext("position")),
                (i["scale"][0], i["scale"][1]),
            )
    hist = data.get("history")
    if hist:
        issue_names = data.get("issue_names", {})
        for issue, pts in hist.get("status_quo", {}).items():
            if pts:
                line = [(_year(p["date"]), p["value"]) for p in pts]
                scenes[f"fig-history-{issue}"] = line_chart(
                    t.gettext(
                        "%(issue)s: the status quo over time", issue=issue_names.get(issue, issue)
                    ),
                    {t.gettext("status quo"): line},
                    (t.gettext("year"), t.gettext("position")),
                )
    pr = data.get("proposals")
    if pr and pr["ranked"]:
        ranked = pr["ranked"]
        labels = [v["name"] for v in ranked]
        if any(v["p_all_required"] > 0 for v in ranked):
            scenes["fig-proposals"] = bar_chart(
                t.gettext("Probability that every party whose consent it needs accepts"),
                labels,
                [v["p_all_required"] for v in ranked],
                t.gettext("probability"),
            )
        else:
            scenes["fig-proposals"] = bar_chart(
                t.gettext(
                    "Utility the required parties lack in total (none passes; shorter is closer)"
                ),
                labels,
                [v["shortfall_total"] for v in ranked],
                t.gettext("utility lacking (scale -1 to 0)"),
            )
        fr = pr.get("frontier")
        if fr:
            a, b = fr["actor_names"]
            scenes["fig-frontier"] = line_chart(
                t.gettext("Utilities of %(a)s and %(b)s", a=a, b=b),
                {
                    t.gettext("Pareto frontier"): [
                        (p["utility_a"], p["utility_b"]) for p in fr["points"]
                    ]
                },
                (
                    t.gettext("utility of %(actor)s", actor=a),
                    t.gettext("utility of %(actor)s", actor=b),
                ),
                points={k: (v[0], v[1]) for k, v in fr["packages"].items()},
                height=320,
            )
    tr = data.get("trust")
    if tr and tr["single_interventions"]:
        singles = tr["single_interventions"]
        scenes["fig-interventions"] = bar_chart(
            t.gettext("Change in P(cooperation sustained), mean over relationships"),
            [i["name"] for i in singles],
            [i["mean_gain"] for i in singles],
            t.gettext("change against no intervention"),
        )
    rm = data.get("roadmaps")
    if rm and rm["roadmaps"]:
        scenes["fig-roadmaps"] = line_chart(
            t.gettext("Probability of reaching each phase"),
            {
                r["name"]: [(float(k + 1), p["p_reach"]) for k, p in enumerate(r["phases"])]
                for r in rm["roadmaps"]
            },
            (t.gettext("phase"), t.gettext("probability")),
            (0.0, 1.0),
        )
    return scenes


def _year(date: str) -> float:
    """An ISO date as a decimal year (for a time axis)."""
    year, month, day = (int(p) for p in [*date.split("-"), "1", "1"][:3])
    return year + (month - 1) / 12 + (day - 1) / 365
