"""Words that reach the templates as data and are translated there with ``_(value)``.

A template that shows a role, a job's state or a record's kind writes ``{{ _(who.user.role) }}``;
the extractor cannot see which words that call may receive, so they are listed here, each
marked with a ``_()`` that returns its text unchanged, and ``pybabel extract`` (see
``babel.cfg``) puts them in the catalogue like any other text. ``tests/web/test_i18n.py``
checks that the list still covers the values the code defines.
"""

from __future__ import annotations


def _(text: str) -> str:
    """Mark ``text`` for extraction; the pages translate it when they show it."""
    return text


#: Account roles (``panmun.web.db.ROLES``).
ROLES = (_("viewer"), _("analyst"), _("admin"))
#: Scenario visibilities (``panmun.web.db.VISIBILITIES``).
VISIBILITIES = (_("private"), _("team"))
#: Background-job states and kinds (``panmun.web.db.JOB_STATES``, ``panmun.web.jobs.KINDS``).
JOB_STATES = (_("queued"), _("running"), _("done"), _("failed"))
JOB_KINDS = (_("report"), _("forecast"))
#: Knowledge-base entry kinds and search-document kinds (``panmun.knowledge.search.DocKind``).
DOC_KINDS = (_("agreement"), _("talks"), _("event"), _("provision"), _("erratum"))
#: What became of a provision (``panmun.knowledge.records.Outcome``).
OUTCOMES = (_("implemented"), _("partly"), _("not_implemented"), _("reversed"))
#: How a forecast run settled (``panmun.bargaining.convergence.STATUS_NAMES``).
SETTLING = (_("settled"), _("converging"), _("cycling"), _("moving"))
#: The editable fields of a position (``panmun.web.pages.FIELDS``).
FIELDS = (_("position"), _("salience"), _("capability"))

#: Consultation states and pooling methods (``panmun.web.db.CONSULTATION_STATES``,
#: ``panmun.web.consultations.POOLING``).
CONSULTATION_STATES = (_("draft"), _("open"), _("closed"), _("applied"))
POOLING = (_("equal"), _("cooke"))
#: The network's kinds, tracks, roles and visibilities (``panmun.web.network``).
INSTITUTION_KINDS = (
    _("think_tank"),
    _("university"),
    _("ministry"),
    _("international_organisation"),
    _("civil_society"),
    _("other"),
)
TRACKS = (_("track1"), _("track1.5"), _("track2"), _("workshop"), _("training"))
NETWORK_ROLES = (_("participant"), _("speaker"), _("organiser"), _("observer"))
NETWORK_VISIBILITY = (_("workspace"), _("network"))

WORDS: tuple[str, ...] = (
    ROLES
    + VISIBILITIES
    + JOB_STATES
    + JOB_KINDS
    + DOC_KINDS
    + OUTCOMES
    + SETTLING
    + FIELDS
    + CONSULTATION_STATES
    + POOLING
    + INSTITUTION_KINDS
    + TRACKS
    + NETWORK_ROLES
    + NETWORK_VISIBILITY
)
