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
) -> str:
    """Draw actors' positions on an issue's scale as an inline SVG string.

    Each actor is a circle whose area grows with capability x salience, with a line for its
    uncertainty range; rows are stacked so that labels do not overlap. The status quo is a
    dashed vertical line.
    """
    lo, hi = scale
    left, right, row_h, top = 110.0, width - 20.0, 22.0, 16.0
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
            'stroke-dasharray="4 3"><title>status quo</title></line>'
        )
    for row, d in enumerate(ordered):
        y = top + row_h * row
        x = _x(d.value, lo, hi, left, right)
        x0, x1 = _x(d.low, lo, hi, left, right), _x(d.high, lo, hi, left, right)
        r = 3.0 + 7.0 * max(d.weight, 0.0) ** 0.5
        tip = escape(f"{d.title}: {d.value:g} (range {d.low:g}-{d.high:g})")
        parts.append(
            f"<g><title>{tip}</title>"
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(d.label)}</text>"
            f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="#7a9cc6" '
            'stroke-width="2" />'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1f4e89" fill-opacity="0.8" />'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)
