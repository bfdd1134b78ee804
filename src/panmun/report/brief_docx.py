"""The brief as a Word document (python-docx), with the same headings as the PDF.

Headings use Word's own styles (Title, Heading 1), so the document's outline is the brief's;
the chart is a PNG painted by :mod:`panmun.report.raster`; sources are real Word footnotes
(a ``footnotes.xml`` part, which python-docx does not write itself). Word does not embed
fonts: the text asks for Arial, and for Korean Malgun Gothic (맑은 고딕), which every Korean
Windows has. The same brief gives the same bytes: the document's dates are the scenario's,
and the archive's entries carry a fixed time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from panmun.errors import InputError
from panmun.report.brief import Brief, Paragraph, Section

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONTS = {"en": ("Arial", "Arial"), "ko": ("Arial", "Malgun Gothic")}
LANG_TAGS = {"en": "en-GB", "ko": "ko-KR"}
#: The elements that follow ``w:footnotePr`` in ``w:settings`` (ECMA-376 CT_Settings).
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
#: Every archive entry carries this time, so that the same brief gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise InputError(["Word output needs python-docx: pip install 'panmun[brief]'"]) from None
    return docx


class _Notes:
    """Footnotes in order of first citation; each source gets one footnote."""

    def __init__(self, notes: dict[str, str]) -> None:
        self.notes = notes
        self.order: list[str] = []

    def cite(self, sid: str) -> int | None:
        """The number of a new footnote for ``sid``, or None when it was already cited."""
        if sid not in self.notes or sid in self.order:
            return None
        self.order.append(sid)
        return len(self.order)


def _reference(paragraph: Any, number: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(number))
    run._r.append(ref)


def _footnotes_xml(texts: list[str]) -> bytes:
    small = '<w:rPr><w:sz w:val="14"/></w:rPr>'
    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>",
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
        'w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for k, text in enumerate(texts, start=1):
        notes.append(
            f'<w:footnote w:id="{k}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="14"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r>{small}<w:t xml:space="preserve"> {escape(text)}'
            "</w:t></w:r></w:p></w:footnote>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{W}">{"".join(notes)}</w:footnotes>'
    )
    return xml.encode("utf-8")


def _add_footnotes(document: Any, texts: list[str]) -> None:
    """Add the ``footnotes.xml`` part and point the settings at its separators."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        _footnotes_xml(texts),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    pr = OxmlElement("w:footnotePr")
    for sep in ("-1", "0"):
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), sep)
        pr.append(note)
    settings.insert_element_before(pr, *_AFTER_FOOTNOTE_PR)


def _paragraph(container: Any, p: Paragraph, notes: _Notes, style: str | None = None) -> None:
    para = container.add_paragraph(p.text, style=style)
    for sid in p.sources:
        number = notes.cite(sid)
        if number is not None:
            _reference(para, number)


def _table(document: Any, section: Section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    tab = section.table
    assert tab is not None
    table = document.add_table(rows=1 + len(tab.rows), cols=len(tab.header))
    table.style = "Table Grid"
    table.autofit = False
    full = 178.0
    for k, width in enumerate(tab.widths):
        table.columns[k].width = Mm(full * width / 100)  # the grid, which LibreOffice reads
        for cell in table.columns[k].cells:
            cell.width = Mm(full * width / 100)  # each cell, which Word reads
    for r, row in enumerate((tab.header, *tab.rows)):
        for k, text in enumerate(row):
            cell = table.cell(r, k)
            para = cell.paragraphs[0]
            para.paragraph_format.space_after = Pt(0)
            run = para.add_run(text)
            run.font.size = Pt(7.5)
            run.bold = r == 0
            if tab.numeric[k]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r == 0:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), "EEF2F7")
                cell._tc.get_or_add_tcPr().append(shade)


def _style(document: Any, lang: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    for sec in document.sections:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin = sec.right_margin = Mm(16)
        sec.top_margin, sec.bottom_margin = Mm(15), Mm(14)
    latin, east_asian = FONTS.get(lang, FONTS["en"])
    for name, size in (("Normal", 9), ("Title", 14), ("Heading 1", 10.5), ("List Bullet", 9)):
        style = document.styles[name]
        style.font.name = latin
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asian)
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            from docx.oxml import OxmlElement

            lang_el = OxmlElement("w:lang")
            rpr.append(lang_el)
        lang_el.set(qn("w:val"), LANG_TAGS.get(lang, "en-GB"))
        lang_el.set(qn("w:eastAsia"), LANG_TAGS.get(lang, "en-GB"))
        if name != "Normal":
            style.font.color.rgb = RGBColor(0x12, 0x35, 0x5B)
    for name, before, after in (("Normal", 0, 3), ("List Bullet", 0, 2), ("Heading 1", 7, 2),
                                ("Title", 0, 2)):  # fmt: skip
        fmt = document.styles[name].paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.1 if name in ("Normal", "List Bullet") else None


def _drop_thumbnail(document: Any) -> None:
    """python-docx's template carries a preview image of another document: leave it out."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)


def _stable_zip(raw: bytes) -> bytes:
    """The same archive with a fixed time on every entry (python-docx writes the clock's)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def brief_docx(brief: Brief, as_of: str) -> bytes:
    """Write ``brief`` as a Word document; ``as_of`` (ISO date) dates the document."""
    from docx.shared import Mm

    from panmun.report.raster import scene_png

    docx = _docx()
    document = docx.Document()
    _drop_thumbnail(document)
    _style(document, brief.lang)
    props = document.core_properties
    when = dt.datetime.fromisoformat(as_of).replace(tzinfo=dt.UTC)
    props.title, props.author, props.language = brief.title, "panmun", LANG_TAGS[brief.lang]
    props.created = props.modified = when
    props.last_modified_by, props.revision = "panmun", 1
    notes = _Notes(brief.notes)
    document.add_paragraph(brief.title, style="Title")
    document.add_paragraph(brief.subtitle)
    for section in brief.sections:
        document.add_paragraph(section.heading, style="Heading 1")
        for p in section.paragraphs:
            _paragraph(document, p, notes)
        if section.chart is not None:
            document.add_picture(io.BytesIO(scene_png(section.chart)), width=Mm(170))
        if section.table is not None:
            _table(document, section)
        for p in section.items:
            _paragraph(document, p, notes, "List Bullet")
        for p in section.closing:
            _paragraph(document, p, notes)
    if notes.order:
        _add_footnotes(document, [brief.notes[sid] for sid in notes.order])
    raw = io.BytesIO()
    document.save(raw)
    return _stable_zip(raw.getvalue())
