"""Static charts as PNG images, for documents that cannot show SVG (Word).

The same :class:`~panmun.report.svg.Scene` that the PDF shows as SVG is painted here with
Pillow (which WeasyPrint already brings; no browser, no Cairo): shapes are drawn at three
times the size and scaled down, which smooths their edges. Text uses a font file found by
fontconfig (``fc-match``): DejaVu Sans for English, Noto Sans CJK KR when the text has Hangul
(Debian's ``fonts-dejavu-core`` and ``fonts-noto-cjk``); the same scene, fonts and Pillow
version give the same bytes.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
from typing import Any

from panmun.errors import InputError
from panmun.report.svg import Circle, Label, Line, Path, Rect, Scene

#: Painting scale before the image is reduced to ``zoom`` x its CSS size.
OVERSAMPLE = 3
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
#: fontconfig families for Latin text and for text with Hangul.
FONTS = {"latin": "DejaVu Sans", "hangul": "Noto Sans CJK KR"}
#: Where Debian puts the regular faces, for machines without fc-match.
KNOWN_FILES = {
    "latin": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    "hangul": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),
}


@functools.cache
def font_file(kind: str, bold: bool = False) -> tuple[str, int] | None:
    """The file and face index of the font for ``kind`` (``latin`` or ``hangul``)."""
    from pathlib import Path as FilePath

    family = FONTS[kind]
    if shutil.which("fc-match"):
        pattern = f"{family}:bold" if bold else family
        found = subprocess.run(
            ["fc-match", "--format=%{file}\t%{index}\t%{family}", pattern],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split("\t")
        # fc-match always answers with some font: take it only if it is the family asked for
        if len(found) == 3 and family.lower() in found[2].lower():
            return found[0], int(found[1] or 0)
    path, index = KNOWN_FILES[kind]
    return (path, index) if FilePath(path).is_file() else None


@functools.cache
def _font(kind: str, size: int, bold: bool) -> Any:
    from PIL import ImageFont

    found = font_file(kind, bold) or font_file(kind)
    if found is None:
        if kind == "hangul":
            raise InputError(
                [
                    "charts in Korean need a font with Hangul: install Debian's fonts-noto-cjk "
                    "(bash scripts/ensure-pango.sh)"
                ]
            )
        return ImageFont.load_default(size)
    path, index = found
    return ImageFont.truetype(path, size, index=index)


def scene_png(scene: Scene, zoom: float = 2.0) -> bytes:
    """Paint a scene as a PNG image ``zoom`` times its CSS size (2: sharp when printed)."""
    from PIL import Image, ImageDraw

    k = OVERSAMPLE * zoom
    big = Image.new("RGB", (round(scene.width * k), round(scene.height * k)), "white")
    draw = ImageDraw.Draw(big)
    for s in scene.shapes:
        if isinstance(s, Line):
            _line(draw, s, k)
        elif isinstance(s, Path):
            pts = [(x * k, y * k) for x, y in s.points]
            draw.line(pts, fill=s.colour, width=max(1, round(s.width * k)), joint="curve")
        elif isinstance(s, Circle):
            box = ((s.cx - s.r) * k, (s.cy - s.r) * k, (s.cx + s.r) * k, (s.cy + s.r) * k)
            width = round(1.5 * k) if s.stroke else 0
            draw.ellipse(box, fill=s.fill, outline=s.stroke, width=width)
        elif isinstance(s, Rect):
            if s.width > 0 and s.height > 0:
                x0, y0 = s.x * k, s.y * k
                draw.rectangle((x0, y0, x0 + s.width * k, y0 + s.height * k), fill=s.fill)
        else:
            _text(draw, s, k)
    size = (round(scene.width * zoom), round(scene.height * zoom))
    small = big.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _line(draw: Any, s: Line, k: float) -> None:
    width = max(1, round(s.width * k))
    if not s.dash:
        draw.line((s.x1 * k, s.y1 * k, s.x2 * k, s.y2 * k), fill=s.colour, width=width)
        return
    on, off = (float(v) * k for v in s.dash.split()[:2])
    dx, dy = (s.x2 - s.x1) * k, (s.y2 - s.y1) * k
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return
    ux, uy = dx / length, dy / length
    pos = 0.0
    while pos < length:
        end = min(pos + on, length)
        x0, y0 = s.x1 * k + ux * pos, s.y1 * k + uy * pos
        draw.line((x0, y0, s.x1 * k + ux * end, s.y1 * k + uy * end), fill=s.colour, width=width)
        pos = end + off


def _text(draw: Any, s: Label, k: float) -> None:
    kind = "hangul" if HANGUL.search(s.text) else "latin"
    font = _font(kind, round(s.size * k), s.bold)
    anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(s.anchor, "ls")
    draw.text((s.x * k, s.y * k), s.text, fill=s.colour, font=font, anchor=anchor)
