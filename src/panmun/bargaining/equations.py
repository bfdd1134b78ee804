"""The equations of Bueno de Mesquita's expected-utility model, as specified by Scholz et al.

Scholz, Calbert and Smith (2011), "Unravelling Bueno de Mesquita's group decision model",
*Journal of Theoretical Politics* 23(4): 510–531, reconstruct the model from Bueno de
Mesquita's publications (1985, 1994, 1997) and rerun his published example (the EC car
emission standards, Bueno de Mesquita 1994, p. 78). Equation numbers below are those of the
paper's conference version (Scholz, Calbert and Smith 2011, *Proceedings of ICAART 2011*,
pp. 18–30, whose Appendix lists the whole algorithm as steps 1–13); the journal version
restates the same model. They were read from an equation-by-equation extract of the paper,
not from the PDF itself.

One issue; actors ``i`` with position ``x_i``, capability ``c_i ≥ 0`` and salience
``s_i ∈ [0, 1]``; ``R`` is the range of the *initial* positions, fixed for the run; each
actor has a risk exponent ``r_i`` (1 = risk neutral).

* Votes (Appendix step 3, §4):
  ``v_k(a, b) = c_k s_k [(|x_k − x_b| / R)^r_k − (|x_k − x_a| / R)^r_k]``.
* Probability that ``i`` prevails over ``j`` (§4, eqs. 30–31). The printed equations divide
  by ``Σ_k |v_k(x_i, x_j)|``, so that ``P_ij + P_ji = 1``; the replication's code (as
  mirrored by McKibben-Sanders) divides by the sum over every voter and every ordered
  pair of actors: ``P_ij = Σ_k max(0, v_k(x_i, x_j)) / Σ_k Σ_a Σ_b |v_k(x_a, x_b)|``. That
  global normalisation is the default here (``probability="global"``); the printed one is
  available as ``probability="pairwise"``. With the pairwise denominator challengers win
  often enough that most pairs end in conflict and actors leapfrog to each other's
  positions (McKibben-Sanders' notes on his replication; :mod:`tests` show it on the
  example); the global one makes ``P_ij`` small, so a target's salience ``s_j`` (its
  willingness to resist) weighs more than anyone's capability — a criticism worth keeping
  in mind.
* Utilities from the perspective of an actor with exponent ``r`` (§3, eqs. 15, 16, 24;
  Appendix step 4): ``U_s = 2 − 4 (0.5 − 0.5 |x_i − x_j| / R)^r``,
  ``U_f = 2 − 4 (0.5 + 0.5 |x_i − x_j| / R)^r``, ``U_sq = 2 − 4 · 0.5^r``.
* Expected utility of ``i`` challenging ``j`` (§3, eqs. 5–7; Appendix step 7) with
  ``Q = 1``, the value Scholz et al. chose for the example (p. 27):
  ``EU(i → j) = s_j [P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − U_sq``. With ``Q = 1`` the
  terms in ``T``, ``U_b`` and ``U_w`` (eqs. 20–23) vanish; they are not implemented.
* Risk (§5, eqs. 32–34; Appendix steps 2, 8–10): with every ``r = 1``, the danger to ``i``
  (its "security level") is ``d_i = Σ_j EU_i(j → i)``;
  ``R_i = (2 d_i − max d − min d) / (max d − min d)`` and ``r_i = (1 − R_i/3) / (1 + R_i/3)``,
  in [0.5, 2]. This compares an actor's danger with the *other actors'* dangers, not with
  its own at other positions (Bueno de Mesquita's apparent intent) — a weakness of the
  replication, kept for fidelity. When every actor faces the same danger (spread below
  ``1e-10 × max |d|``), all exponents stay 1.
* Offers and moves (§6, Appendix step 11): :mod:`panmun.bargaining.offers`.

Implementation. Arrays are laid out actors first, draws last — positions (N, B), pairwise
quantities (N, N, B) with ``[i, j, b]`` the pair (i, j) in draw b — so that NumPy's inner
loops run over the long draw axis. The numerator of ``P_ij`` sums over voters on ``i``'s
side of the midpoint ``(x_i + x_j) / 2``: with actors sorted by position that side is a
prefix (or suffix), so a running sum over voters gives every numerator with O(N²) additions
per draw instead of O(N³). The global denominator needs no further sum over voters: for a
pair with ``x_a < x_b`` every voter strictly below the midpoint prefers ``a`` and every
other voter prefers ``b`` or is indifferent, so ``Σ_k |v_k(x_a, x_b)|`` is the numerator of
``P_ab`` plus that of ``P_ba``, and the denominator is twice the sum of all numerators
(equal, up to rounding, to summing ``|v|`` term by term). Distances, their logarithms and
midpoint counts are symmetric and are computed once per unordered pair
(:mod:`panmun.bargaining._pairs`). Actors are kept sorted by (position, capability,
salience) so that every sum runs in an order that does not depend on how the input was
labelled.
"""

from __future__ import annotations

from typing import Any, Literal

from panmun.bargaining._arrays import (
    Array,
    device_of,
    inverse_permutation,
    lexsort_rows,
    namespace,
    take_rows,
)
from panmun.bargaining._pairs import (
    SortedPairs,
    power,
    prefix_sums,
    sorted_pairs,
    transpose_pairs,
)

Normalisation = Literal["global", "pairwise"]
NORMALISATIONS: tuple[str, ...] = ("global", "pairwise")

DANGER_TOL = 1e-10
"""Dangers spread by less than this fraction of their magnitude count as all equal."""


# -- Scholz et al. §4: votes and the probability of prevailing ------------------------------
def vote_shares_sorted(
    xp: Any,
    pairs: SortedPairs,
    weight: Array,
    r: Array | None,
    normalisation: Normalisation = "global",
) -> tuple[Array, Array]:
    """Numerator (N, N, B) and denominator of ``P_ij`` for actors sorted by position.

    Voter ``k`` supports ``i`` against ``j`` exactly when it lies on ``i``'s side of the
    midpoint. With voters sorted by position, a running sum over voters of
    ``c_k s_k (|x_k − x_a| / R)^r_k`` read at the split ``p_ij`` gives both sides' votes.
    ``weight`` is ``c * s`` and ``r`` the exponents, both (N, B); ``r=None`` means all 1.
    The denominator has shape (1, 1, B) (global) or (N, N, B) (pairwise) and is never 0.
    """
    n = pairs.x.shape[0]
    # powered[k, a, b] = (|x_k − x_a| / R) ** r_k : voter k's distance term for position a.
    powered = pairs.dist if r is None else pairs.powered_dist(r)
    running = prefix_sums(xp, weight[:, None, :] * powered)  # (N + 1, N, B)
    total = running[n, ...]  # every voter's terms summed, per position a
    prefix = xp.reshape(running, (-1,))
    low, high = pairs.tables.low, pairs.tables.high
    # Upper pair (i, j), x_i <= x_j: the voters below the midpoint prefer i, the rest j.
    gathered = xp.take(prefix, pairs.at_high) - xp.take(prefix, pairs.at_low)
    for_low = xp.reshape(gathered, pairs.distinct_upper.shape)
    for_high = (xp.take(total, low, axis=0) - xp.take(total, high, axis=0)) + for_low
    # For x_i = x_j both are 0, so P_ij = P_ji = 0 as the definition requires.
    num_low = xp.maximum(for_low * pairs.distinct_upper, 0.0)
    num_high = xp.maximum(for_high * pairs.distinct_upper, 0.0)
    numerator = pairs.mirror(num_low, num_high, 0.0)
    pair_total = num_low + num_high  # Σ_k |v_k(x_i, x_j)|, the same both ways
    if normalisation == "pairwise":
        return numerator, pairs.symmetric(xp.where(pair_total > 0, pair_total, 1.0), 1.0)
    # Σ_k Σ_a Σ_b |v_k(x_a, x_b)| counts every unordered pair twice.
    denominator = 2.0 * xp.sum(pair_total, axis=0)
    return numerator, xp.where(denominator > 0, denominator, 1.0)[None, None, :]


def win_probabilities_sorted(
    xp: Any,
    pairs: SortedPairs,
    weight: Array,
    r: Array | None,
    normalisation: Normalisation = "global",
) -> Array:
    """``P_ij`` for actors sorted by position (see :func:`win_probabilities`)."""
    numerator, denominator = vote_shares_sorted(xp, pairs, weight, r, normalisation)
    return numerator / denominator


def _sorted_frame(
    x: Array, capability: Array, salience: Array, scale: Array
) -> tuple[Any, Array, Array, Array, SortedPairs]:
    xp = namespace(x, capability, salience, scale)
    perm = lexsort_rows(xp, (x, capability, salience), axis=0)
    xs, cs, ss = (take_rows(xp, v, perm, axis=0) for v in (x, capability, salience))
    return xp, perm, cs, ss, sorted_pairs(xp, xs, scale)


def _unsort_pairs(xp: Any, values: Array, perm: Array) -> Array:
    inv = inverse_permutation(xp, perm, axis=0)
    rows = xp.take_along_axis(values, inv[:, None, :], axis=0)
    return xp.take_along_axis(rows, inv[None, :, :], axis=1)


def win_probabilities(
    x: Array,
    capability: Array,
    salience: Array,
    r: Array | None,
    scale: Array,
    normalisation: Normalisation = "global",
) -> Array:
    """Probability ``P_ij`` that actor ``i`` prevails over ``j``, for every pair.

    ``P_ij = Σ_k max(0, v_k(x_i, x_j)) / Σ_k Σ_a Σ_b |v_k(x_a, x_b)|`` with the votes
    ``v_k(a, b) = c_k s_k [(|x_k − x_b| / R)^r_k − (|x_k − x_a| / R)^r_k]``; ``P_ij = 0`` when
    ``x_i = x_j``.

    Parameters
    ----------
    x, capability, salience
        Shape (N, B): N actors (in any order) in each of B independent draws.
    r
        Risk exponents (N, B), or ``None`` for risk neutrality (every ``r = 1``).
    scale
        ``R``, the position range, shape (B,).
    normalisation
        ``"global"`` (the replication code, default) or ``"pairwise"`` (eqs. 30–31 as
        printed: ``Σ_k max(0, v_k(x_i, x_j)) / Σ_k |v_k(x_i, x_j)|``).

    Returns
    -------
    Array
        ``P[i, j, b]``, shape (N, N, B).

    References
    ----------
    Scholz, Calbert and Smith (2011), §4, eqs. 30–31 and Appendix steps 3 and 5.
    """
    xp, perm, cs, ss, pairs = _sorted_frame(x, capability, salience, scale)
    rs = None if r is None else take_rows(xp, r, perm, axis=0)
    return _unsort_pairs(xp, win_probabilities_sorted(xp, pairs, cs * ss, rs, normalisation), perm)


# -- Scholz et al. §3: utilities and expected utilities --------------------------------------
def _utility_powers(xp: Any, dist: Array, r: Array | None) -> tuple[Array, Array, Array]:
    """``(0.5 − 0.5 d)^r``, ``(0.5 + 0.5 d)^r`` and ``0.5^r`` (the last of shape (N, 1, B))."""
    if r is None:
        half = xp.full(
            (dist.shape[0], 1, dist.shape[2]), 0.5, dtype=dist.dtype, device=device_of(dist)
        )
        return 0.5 - 0.5 * dist, 0.5 + 0.5 * dist, half
    rr = r[:, None, :]
    near = power(xp, 0.5 - 0.5 * dist, rr)
    far = xp.exp(rr * xp.log(0.5 + 0.5 * dist))  # base ≥ 0.5: no floor needed
    return near, far, 0.5**rr


def utilities(xp: Any, dist: Array, r: Array | None) -> tuple[Array, Array, Array]:
    """Utilities of success, failure and the status quo from each row actor's perspective.

    ``U_s = 2 − 4 (0.5 − 0.5 d)^r``, ``U_f = 2 − 4 (0.5 + 0.5 d)^r``, ``U_sq = 2 − 4 · 0.5^r``
    with ``d = |x_i − x_j| / R`` (shape (N, N, B)) and ``r`` the exponent of the perspective
    actor ``i`` (shape (N, B)).

    Returns
    -------
    u_success, u_failure, u_status_quo
        Shapes (N, N, B), (N, N, B) and (N, 1, B). For ``r = None`` (risk neutral) these
        reduce to ``2d``, ``−2d`` and ``0``.

    References
    ----------
    Scholz, Calbert and Smith (2011), §3, eqs. 15, 16 and 24; Appendix step 4.
    """
    near, far, even = _utility_powers(xp, dist, r)
    return 2.0 - 4.0 * near, 2.0 - 4.0 * far, 2.0 - 4.0 * even


def expected_utilities(
    xp: Any,
    p: Array,
    dist: Array,
    salience: Array,
    r: Array | None,
    powers: tuple[Array, Array, Array] | None = None,
) -> tuple[Array, Array]:
    """Expected utilities of challenging, both directions, from the receiver's perspective.

    ``EU(i → j) = s_j [P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − U_sq`` (``Q = 1``),
    computed as the equal ``(U_s − U_sq) − s_j (1 − P_ij)(U_s − U_f)`` with
    ``U_s − U_sq = 4 (0.5^r − (0.5 − 0.5 d)^r)`` and
    ``U_s − U_f = 4 ((0.5 + 0.5 d)^r − (0.5 − 0.5 d)^r)``.

    Parameters
    ----------
    p
        ``P[i, j, b]`` from :func:`win_probabilities`, shape (N, N, B).
    dist
        ``|x_i − x_j| / R``, shape (N, N, B).
    salience
        Shape (N, B).
    r
        Exponents (N, B) or ``None`` (all 1).
    powers
        ``(0.5 − 0.5 d)^r``, ``(0.5 + 0.5 d)^r`` and ``0.5^r`` if already computed
        (:meth:`~panmun.bargaining._pairs.SortedPairs.utility_powers`); else from ``dist``.

    Returns
    -------
    a, b
        ``a[i, j] = EU_i(i → j)`` and ``b[i, j] = EU_i(j → i)``, both with actor ``i``'s
        exponent ``r_i`` (the distance ``|x_i − x_j|`` is the same both ways).

    References
    ----------
    Scholz, Calbert and Smith (2011), §3, eqs. 5–7, and Appendix step 7.
    """
    near, far, even = _utility_powers(xp, dist, r) if powers is None else powers
    stake = 4.0 * (far - near)
    gain = 4.0 * (even - near)
    a = gain - salience[None, :, :] * (1.0 - p) * stake
    b = gain - salience[:, None, :] * (1.0 - transpose_pairs(xp, p)) * stake
    return a, b


# -- Scholz et al. §5: risk ----------------------------------------------------------------
def risk_from_danger(xp: Any, danger: Array) -> Array:
    """Risk exponents from each actor's danger ``d_i`` (shape (N, B)).

    ``R_i = (2 d_i − max d − min d) / (max d − min d)``, ``r_i = (1 − R_i/3) / (1 + R_i/3)``:
    the most endangered actor gets ``r = 0.5``, the safest ``r = 2``.

    References
    ----------
    Scholz, Calbert and Smith (2011), §5, eqs. 32–34; Appendix steps 8–9.
    """
    high = xp.max(danger, axis=0, keepdims=True)
    low = xp.min(danger, axis=0, keepdims=True)
    span = high - low
    spread = span > DANGER_TOL * xp.maximum(xp.abs(high), xp.abs(low))
    acceptance = xp.where(spread, (2.0 * danger - high - low) / xp.where(spread, span, 1.0), 0.0)
    return (1.0 - acceptance / 3.0) / (1.0 + acceptance / 3.0)


def dangers_sorted(
    xp: Any,
    pairs: SortedPairs,
    weight: Array,
    salience: Array,
    normalisation: Normalisation = "global",
) -> Array:
    """Danger ``d_i = Σ_j EU_i(j → i)`` with every exponent 1, for sorted actors (N, B).

    With ``r = 1``, ``EU_i(j → i) = 2 d_ij (1 − 2 s_i (1 − P_ji))``, so
    ``d_i = 2 (1 − 2 s_i) Σ_j d_ij + 4 s_i Σ_j d_ij P_ji``. With every ``r = 1`` all
    perspectives agree, so it does not matter whether the security level is read as
    ``Σ_j E^i(U_ji)`` (Appendix step 8) or ``Σ_j E^j(U_ji)`` (the prose of §5).
    """
    numerator, denominator = vote_shares_sorted(xp, pairs, weight, None, normalisation)
    reach = xp.sum(pairs.dist, axis=1)
    # Σ_j d_ij P_ji; d is symmetric, so this is a column sum of d ⊙ P.
    if normalisation == "pairwise":
        exposure = xp.sum(pairs.dist * (numerator / denominator), axis=0)
    else:
        exposure = xp.sum(pairs.dist * numerator, axis=0) / denominator[0, :, :]
    return 2.0 * (1.0 - 2.0 * salience) * reach + 4.0 * salience * exposure


def risk_exponents(
    x: Array,
    capability: Array,
    salience: Array,
    scale: Array,
    normalisation: Normalisation = "global",
) -> Array:
    """Each actor's risk exponent for the coming round (Appendix steps 2, 8–9).

    Every exponent is first set to 1; the danger to ``i`` is ``d_i = Σ_j EU_i(j → i)``
    (the utility its rivals expect from challenging it); then :func:`risk_from_danger`.

    Parameters
    ----------
    x, capability, salience
        Shape (N, B), actors in any order.
    scale
        ``R`` per draw, shape (B,).
    normalisation
        As in :func:`win_probabilities`.

    Returns
    -------
    Array
        Exponents in [0.5, 2], shape (N, B).
    """
    xp, perm, cs, ss, pairs = _sorted_frame(x, capability, salience, scale)
    danger = dangers_sorted(xp, pairs, cs * ss, ss, normalisation)
    return take_rows(xp, risk_from_danger(xp, danger), inverse_permutation(xp, perm, axis=0), 0)
