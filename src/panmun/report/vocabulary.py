"""Words that reach the report as data and are translated where they are shown.

Babel extracts only literal texts, so words that the report data carries as values (a
bargaining run's status, an offer's kind, an actor's kind, a provision's outcome, a model's
name) are listed here with :func:`N_`, which marks them for extraction and returns them
unchanged; the templates and sentences translate them with ``_(word)`` / ``texts.gettext``.
A test checks that every value the engines define is listed.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (gettext's convention)."""
    return message


#: Words shown as they are in the data, each translated by the catalogue.
WORDS: tuple[str, ...] = (
    # how a bargaining run ended (panmun.bargaining.convergence.STATUS_NAMES)
    N_("settled"),
    N_("converging"),
    N_("cycling"),
    N_("moving"),
    # the kinds of offer of the expected-utility model (panmun.bargaining.result.OfferKind)
    N_("conflict"),
    N_("compromise"),
    N_("capitulation"),
    # kinds and subtypes of actor (panmun.scenario.models.ActorKind, NonStateSubtype)
    N_("state"),
    N_("non_state"),
    N_("international_organisation"),
    N_("mediator"),
    N_("civil_society"),
    N_("religious"),
    N_("business"),
    N_("think_tank"),
    N_("other"),
    # the inputs of a position (a share of variance names one)
    N_("position"),
    N_("salience"),
    N_("capability"),
    # what became of a provision (panmun.knowledge.records.OUTCOME_LABELS, and PENDING)
    N_("implemented"),
    N_("partly implemented"),
    N_("not implemented"),
    N_("implemented, then reversed"),
    N_("not yet known at this date"),
    # the verdicts of the errata (panmun.knowledge.records.Verdict)
    N_("error"),
    N_("imprecise"),
    N_("confirmed"),
)

#: The forecasting models by id, as a table names them.
MODEL_NAMES: dict[str, str] = {
    "no_change": N_("no change"),
    "feasible": N_("feasible outcome"),
    "eum": N_("expected-utility model"),
    "eum_midpoint": N_("expected-utility model (midpoint rule)"),
    "median": N_("weighted median"),
    "mean": N_("weighted mean"),
}

#: The same models as a sentence names them (with the article English needs there).
MODEL_IN_SENTENCE: dict[str, str] = {
    "no_change": N_("‘no change’"),
    "feasible": N_("the feasible outcome"),
    "eum": N_("the expected-utility model"),
    "eum_midpoint": N_("the expected-utility model (midpoint rule)"),
    "median": N_("the weighted median"),
    "mean": N_("the weighted mean"),
}
