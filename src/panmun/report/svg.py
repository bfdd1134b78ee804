"""Small, dependency-free SVG figures for the self-contained HTML report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Dot:
    """One actor on an issue strip."""

    label: str
    title: str
    value: float
    low: float
    high: float
    weight: float  # capability x salience, 0..1


def _x(value: float, lo: float, hi: float, left: float, right: float) -> float:
    return left + (value - lo) / (hi - lo) * (right - left)


def position_strip(
    dots: Sequence[Dot],
    scale: tuple[float, float],
    ticks: Sequence[float],
    status_quo: float | None = None,
    width: int = 720,
    left: float = 110.0,
    status_quo_title: str = "status quo",
    tip: str = "%(name)s: %(value)s (range %(low)s-%(high)s)",
) -> str:
    """Draw actors' positions on an issue's scale as an inline SVG string.

    Each actor is a circle whose area grows with capability x salience, with a line for its
    uncertainty range; rows are stacked so that labels do not overlap. The status quo is a
    dashed vertical line, titled ``status_quo_title``; labels sit in the ``left`` margin, and
    each actor's tooltip is ``tip`` filled with its name, value and range.
    """
    lo, hi = scale
    right, row_h, top = width - 20.0, 22.0, 16.0
    ordered = sorted(dots, key=lambda d: (d.value, d.label))
    height = int(top + row_h * max(len(ordered), 1) + 34)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="strip">'
    ]
    axis_y = height - 24
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#555" />')
    for t in ticks:
        x = _x(t, lo, hi, left, right)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_y + 4}" '
            'stroke="#ddd" />'
            f'<text x="{x:.1f}" y="{axis_y + 17}" text-anchor="middle" '
            f'font-size="11">{t:g}</text>'
        )
    if status_quo is not None:
        x = _x(status_quo, lo, hi, left, right)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{axis_y}" stroke="#b00" '
            f'stroke-dasharray="4 3"><title>{escape(status_quo_title)}</title></line>'
        )
    for row, d in enumerate(ordered):
        y = top + row_h * row
        x = _x(d.value, lo, hi, left, right)
        x0, x1 = _x(d.low, lo, hi, left, right), _x(d.high, lo, hi, left, right)
        r = 3.0 + 7.0 * max(d.weight, 0.0) ** 0.5
        values = {
            "name": d.title,
            "value": f"{d.value:g}",
            "low": f"{d.low:g}",
            "high": f"{d.high:g}",
        }
        text = escape(tip % values)
        parts.append(
            f"<g><title>{text}</title>"
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(d.label)}</text>"
            f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="#7a9cc6" '
            'stroke-width="2" />'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1f4e89" fill-opacity="0.8" />'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- static charts as scenes: one drawing, written as SVG (report, PDF) or PNG (Word) -----


@dataclass(frozen=True)
class Line:
    """A straight line; ``dash`` is an SVG dash pattern such as ``"4 3"``."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = "#555555"
    width: float = 1.0
    dash: str | None = None


@dataclass(frozen=True)
class Path:
    """An open polyline through ``points``."""

    points: tuple[tuple[float, float], ...]
    colour: str = "#1f4e89"
    width: float = 1.5


@dataclass(frozen=True)
class Circle:
    """A filled disc, or a ring when ``fill`` is None."""

    cx: float
    cy: float
    r: float
    fill: str | None = "#1f4e89"
    stroke: str | None = None


@dataclass(frozen=True)
class Rect:
    """A filled rectangle."""

    x: float
    y: float
    width: float
    height: float
    fill: str = "#1f4e89"


@dataclass(frozen=True)
class Label:
    """Text with its baseline at ``y``; ``anchor`` is start, middle or end."""

    x: float
    y: float
    text: str
    size: float = 11.0
    anchor: str = "start"
    colour: str = "#1b1b1b"
    bold: bool = False


Shape = Line | Path | Circle | Rect | Label


@dataclass(frozen=True)
class Scene:
    """A chart as a list of shapes on a ``width`` x ``height`` canvas (in CSS pixels)."""

    width: int
    height: int
    shapes: tuple[Shape, ...]
    title: str = ""


def _svg_shape(s: Shape) -> str:
    if isinstance(s, Line):
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        return (
            f'<line x1="{s.x1:.1f}" y1="{s.y1:.1f}" x2="{s.x2:.1f}" y2="{s.y2:.1f}" '
            f'stroke="{s.colour}" stroke-width="{s.width:g}"{dash} />'
        )
    if isinstance(s, Path):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
        return (
            f'<polyline points="{pts}" fill="none" stroke="{s.colour}" '
            f'stroke-width="{s.width:g}" />'
        )
    if isinstance(s, Circle):
        fill = s.fill or "none"
        stroke = f' stroke="{s.stroke}" stroke-width="1.5"' if s.stroke else ""
        return f'<circle cx="{s.cx:.1f}" cy="{s.cy:.1f}" r="{s.r:.1f}" fill="{fill}"{stroke} />'
    if isinstance(s, Rect):
        return (
            f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{max(s.width, 0):.1f}" '
            f'height="{s.height:.1f}" fill="{s.fill}" />'
        )
    weight = ' font-weight="bold"' if s.bold else ""
    return (
        f'<text x="{s.x:.1f}" y="{s.y:.1f}" text-anchor="{s.anchor}" font-size="{s.size:g}" '
        f'fill="{s.colour}"{weight}>{escape(s.text)}</text>'
    )


def scene_svg(scene: Scene, css_class: str = "chart", font: str = "sans-serif") -> str:
    """Write a scene as an inline SVG string (no script, no external resource); ``font`` is
    a CSS font-family list.

    >>> svg = scene_svg(Scene(100, 20, (Label(0, 10, "A & B"), Line(0, 0, 10, 0)), "t"))
    >>> svg.count("<text"), "A &amp; B" in svg, "<title>t</title>" in svg
    (1, True, True)
    """
    title = f"<title>{escape(scene.title)}</title>" if scene.title else ""
    body = "".join(_svg_shape(s) for s in scene.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {scene.width} {scene.height}" '
        f'width="100%" role="img" class="{css_class}" font-family="{escape(font)}">'
        f"{title}{body}</svg>"
    )
