"""Offers in the expected-utility model: classify each pair, then let each actor choose.

Scholz, Calbert and Smith (2011, §6 and Appendix step 11) read Bueno de Mesquita's
quadrant chart from the receiver's side. For receiver ``i`` and another actor ``j``, with
``a = EU_i(i → j)`` and ``b = EU_i(j → i)`` both computed from ``i``'s perspective:

* **conflict** (confrontation): ``b > a > 0``. Both expect to gain, ``j`` more; ``i``
  expects to lose the fight and would move to ``x_j``.
* **compromise**: ``b > 0 > a`` and ``b > |a|``. ``i`` meets ``j`` part way:
  ``x_i + (x_j − x_i) |a / b|``.
* **capitulation**: ``b > 0 > a`` and ``b < |a|``. ``i`` gives in and moves to ``x_j``.
* otherwise no offer.

Each receiver takes one offer per round: a conflict if there is any (the one that moves it
least), otherwise a compromise, otherwise a capitulation (the one that moves it least).
All actors move at once.

Ambiguities and the choices made here (also in the package README):

1. *Which compromise.* The paper's text says the actor takes the offer that moves it
   least. The replication's code (as mirrored in McKibben-Sanders' public replication,
   which follows Scholz et al.'s code) instead ranks compromises by the EU-weighted midpoint
   ``(|a| x_i + |b| x_j) / (|a| + |b|)`` and takes the smallest. ``"least_move"`` (the
   default) follows the text; ``"replication_midpoint"`` follows the code.
2. *Ties.* Offers whose moves (or midpoints) differ by less than ``1e-12 × R`` tie; a tie
   goes to the proposer with the lowest (position, capability, salience), so relabelling
   actors never changes a move. (For the least-move rule that is the lower of two equally
   distant proposals.)
3. *Borderline expected utilities.* Comparisons of expected utilities treat differences
   below ``EU_TOL = 1e-12`` as equal (utilities lie in [−2, 2]), so rounding noise cannot
   turn a mathematical tie into an offer; ``b = |a|`` exactly gives no offer (the text
   defines neither compromise nor capitulation there).
"""

from __future__ import annotations

from typing import Any, Literal

from panmun.bargaining._arrays import Array, first_true
from panmun.bargaining._pairs import blend

CompromiseRule = Literal["least_move", "replication_midpoint"]
COMPROMISE_RULES: tuple[str, ...] = ("least_move", "replication_midpoint")

NO_OFFER, CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2, 3
KIND_NAMES: dict[int, str] = {
    CONFLICT: "conflict",
    COMPROMISE: "compromise",
    CAPITULATION: "capitulation",
}

EU_TOL = 1e-12
"""Expected utilities closer than this count as equal."""

MOVE_TOL = 1e-12
"""Moves closer than this fraction of the position range count as equal."""

INELIGIBLE = 2.0
"""Added to the ranking key of offers a receiver may not take.

Every key (a move, or a midpoint, in units of the range) lies in [0, 1], so any eligible
offer ranks before every ineligible one."""


def offer_masks(xp: Any, a: Array, b: Array, distinct: Array) -> tuple[Array, Array, Array]:
    """Boolean masks (conflict, compromise, capitulation) for every (receiver, proposer) pair.

    ``distinct`` is ``x_i ≠ x_j``; all arrays have shape (N, N, B) with ``[i, j, b]`` =
    receiver ``i``, proposer ``j``, draw ``b``. See :func:`classify_offers` for the rules.
    """
    conflict = distinct & (a > EU_TOL) & (b - a > EU_TOL)
    i_loses = distinct & (b > EU_TOL) & (a < -EU_TOL)
    balance = b + a  # b − |a| where a < 0
    compromise = i_loses & (balance > EU_TOL)
    capitulation = i_loses & (balance < -EU_TOL)
    return conflict, compromise, capitulation


def move_fractions(xp: Any, a: Array, b: Array, compromise: Array) -> Array:
    """How far each offer moves the receiver, as a fraction of the way to ``x_j``.

    ``|a / b|`` for a compromise (eq. 36), 1 for every other offer (shape (N, N, B)). A
    compromise has ``b > EU_TOL``, so ``|a| / max(b, EU_TOL)`` is ``|a / b|`` there and
    finite everywhere.
    """
    comp = xp.astype(compromise, a.dtype)
    return blend(comp, xp.abs(a) / xp.maximum(b, EU_TOL), 1.0)


def proposed_positions(xp: Any, x: Array, a: Array, b: Array, compromise: Array) -> Array:
    """Where each receiver would move: part way for a compromise (eq. 36), else to ``x_j``.

    A compromise moves ``i`` by the fraction ``|a / b|`` of the way to ``x_j``. ``x`` has
    shape (N, B), the others (N, N, B).
    """
    xi = x[:, None, :]
    xj = xp.broadcast_to(x[None, :, :], a.shape)
    part = xi + (xj - xi) * move_fractions(xp, a, b, compromise)
    return blend(xp.astype(compromise, a.dtype), part, xj)


def kinds_of(xp: Any, conflict: Array, compromise: Array, capitulation: Array) -> Array:
    """Offer-kind codes (int8) from the three masks."""
    i8 = xp.int8
    return (
        xp.astype(conflict, i8) * CONFLICT
        + xp.astype(compromise, i8) * COMPROMISE
        + xp.astype(capitulation, i8) * CAPITULATION
    )


def classify_offers(xp: Any, a: Array, b: Array, x: Array) -> tuple[Array, Array]:
    """Classify every (receiver, proposer) pair and the position each offer proposes.

    Parameters
    ----------
    xp
        The array namespace.
    a, b
        ``a[i, j, b] = EU_i(i → j)`` and ``b[i, j, b] = EU_i(j → i)``, both from receiver
        ``i``'s perspective, shape (N, N, B).
    x
        Positions, shape (N, B).

    Returns
    -------
    kinds, proposed
        ``kinds`` holds :data:`NO_OFFER`, :data:`CONFLICT`, :data:`COMPROMISE` or
        :data:`CAPITULATION` per pair (int8); ``proposed`` the position the receiver
        would take (``x_j`` where there is no offer).

    References
    ----------
    Scholz, Calbert and Smith (2011), §6, eq. 36, and Appendix step 11.
    """
    distinct = x[:, None, :] != x[None, :, :]
    conflict, compromise, capitulation = offer_masks(xp, a, b, distinct)
    kinds = kinds_of(xp, conflict, compromise, capitulation)
    return kinds, proposed_positions(xp, x, a, b, compromise)


def choose_offers(
    xp: Any,
    masks: tuple[Array, Array, Array],
    a: Array,
    b: Array,
    x: Array,
    dist: Array,
    rule: CompromiseRule = "least_move",
) -> tuple[Array, Array, Array]:
    """Let every receiver pick one offer: conflicts first, then compromises, then capitulations.

    Parameters
    ----------
    xp
        The array namespace.
    masks
        (conflict, compromise, capitulation) from :func:`offer_masks`, shape (N, N, B).
    a, b
        The expected utilities used to classify, shape (N, N, B).
    x
        Positions sorted along axis 0, shape (N, B): ties go to the first proposer.
    dist
        ``|x_i − x_j| / R``, shape (N, N, B).
    rule
        How to rank compromises: ``"least_move"`` or ``"replication_midpoint"``.

    Returns
    -------
    new_x, chosen, has_offer
        The positions after the move (N, B), the index of the chosen proposer (N, B; 0
        where there is none) and whether the receiver took an offer (N, B).
    """
    conflict, compromise, capitulation = masks
    has_conflict = xp.any(conflict, axis=1, keepdims=True)
    has_compromise = (~has_conflict) & xp.any(compromise, axis=1, keepdims=True)
    rest = ~(has_conflict | has_compromise)
    eligible = (has_conflict & conflict) | (has_compromise & compromise) | (rest & capitulation)
    fraction = move_fractions(xp, a, b, compromise)
    key = dist * fraction  # the move, in units of R
    if rule == "replication_midpoint":
        comp = xp.astype(compromise, a.dtype)
        abs_a, abs_b = xp.abs(a), xp.abs(b)
        weight = (abs_a + abs_b) * comp + (1.0 - comp)
        # (|a| x_i + |b| x_j) / (|a| + |b|), measured from x_0 in units of R.
        scale = xp.max(x, axis=0) - xp.min(x, axis=0)
        inv_r = xp.where(scale > 0, 1.0 / xp.where(scale > 0, scale, 1.0), 1.0)
        rel = (x - x[:1, :]) * inv_r[None, :]
        midpoint = (abs_a * rel[:, None, :] + abs_b * rel[None, :, :]) / weight
        key = midpoint * comp + key * (1.0 - comp)
    key = key + xp.astype(~eligible, a.dtype) * INELIGIBLE
    best = xp.min(key, axis=1, keepdims=True)
    # Proposers are sorted by position: the first tied one has the lowest position.
    chosen = first_true(xp, eligible & (key <= best + MOVE_TOL), axis=1)
    has_offer = xp.any(eligible, axis=1)
    pick = chosen[:, None, :]
    share = xp.take_along_axis(fraction, pick, axis=1)[:, 0, :]
    # Only a compromise moves part way: there |a| < b − EU_TOL, so its share is below 1.
    partial = share < 1.0
    target = xp.take_along_axis(x, chosen, axis=0)
    moved = xp.where(partial, x + (target - x) * share, target)
    return xp.where(has_offer, moved, x), chosen, has_offer
