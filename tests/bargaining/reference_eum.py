"""Plain-Python reference implementation of the expected-utility model (the test oracle).

One object per actor is avoided on purpose: this is a direct transcription of Scholz,
Calbert and Smith (2011) into loops over lists of floats, written separately from the
vectorised engine (:mod:`panmun.bargaining`), so that the two can check each other. The only
optimisation is the one the testing notes ask for: the probability's denominator, which is
the same for every pair, is computed once per round instead of once per pair. A round costs
O(N³) Python operations.

The benchmark imports this file by path as the speed baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EU_TOL = 1e-12
MOVE_TOL = 1e-12
DANGER_TOL = 1e-10


def vote(
    x: list[float],
    c: list[float],
    s: list[float],
    r: list[float],
    k: int,
    a: float,
    b: float,
    scale: float,
) -> float:
    """v_k(a, b): voter k's weighted preference for position a over position b."""
    return (
        c[k] * s[k] * (abs(x[k] - b) / scale) ** r[k]
        - c[k] * s[k] * (abs(x[k] - a) / scale) ** r[k]
    )


def probabilities(
    x: list[float],
    c: list[float],
    s: list[float],
    r: list[float],
    scale: float,
    normalisation: str = "global",
) -> list[list[float]]:
    """P[i][j]: probability that i prevails over j (Scholz et al. 2011, §4)."""
    n = len(x)
    denominator = 0.0
    if normalisation == "global":
        for k in range(n):
            for a in range(n):
                for b in range(n):
                    denominator += abs(vote(x, c, s, r, k, x[a], x[b], scale))
    p = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if x[i] == x[j]:
                continue
            top = 0.0
            pair = 0.0
            for k in range(n):
                v = vote(x, c, s, r, k, x[i], x[j], scale)
                top += max(0.0, v)
                pair += abs(v)
            bottom = denominator if normalisation == "global" else pair
            p[i][j] = top / bottom if bottom > 0 else 0.0
    return p


def utilities(distance: float, r: float) -> tuple[float, float, float]:
    """(U_s, U_f, U_sq) for a distance |x_i - x_j| / R, from a perspective with exponent r."""
    u_s = 2.0 - 4.0 * max(0.5 - 0.5 * distance, 0.0) ** r
    u_f = 2.0 - 4.0 * (0.5 + 0.5 * distance) ** r
    u_sq = 2.0 - 4.0 * 0.5**r
    return u_s, u_f, u_sq


def expected_utility(p_ij: float, s_target: float, distance: float, r: float) -> float:
    """EU of a challenge succeeding with p_ij against a target of salience s_target (Q = 1)."""
    u_s, u_f, u_sq = utilities(distance, r)
    return s_target * (p_ij * u_s + (1.0 - p_ij) * u_f) + (1.0 - s_target) * u_s - u_sq


def risk_exponents(
    x: list[float], c: list[float], s: list[float], scale: float, normalisation: str = "global"
) -> list[float]:
    """Risk exponents from the dangers computed with every r = 1 (§5)."""
    n = len(x)
    ones = [1.0] * n
    p = probabilities(x, c, s, ones, scale, normalisation)
    danger = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            if j != i:
                total += expected_utility(p[j][i], s[i], abs(x[i] - x[j]) / scale, 1.0)
        danger.append(total)
    high, low = max(danger), min(danger)
    span = high - low
    if not span > DANGER_TOL * max(abs(high), abs(low)):
        return [1.0] * n
    out = []
    for d in danger:
        big_r = (2.0 * d - high - low) / span
        out.append((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0))
    return out


def classify(a: float, b: float) -> str | None:
    """Offer type for a receiver with EU_i(i→j) = a and EU_i(j→i) = b."""
    if b - a > EU_TOL and a > EU_TOL:
        return "conflict"
    if b > EU_TOL and a < -EU_TOL:
        if b + a > EU_TOL:
            return "compromise"
        if b + a < -EU_TOL:
            return "capitulation"
    return None


def sorted_order(x: list[float], c: list[float], s: list[float]) -> list[int]:
    """Actor indices sorted by (position, capability, salience), stable."""
    return sorted(range(len(x)), key=lambda k: (x[k], c[k], s[k]))


def weighted_median(x: list[float], w: list[float], order: list[int]) -> float:
    """Weighted median with the midpoint rule at exact halves (see the baselines)."""
    weights = w if sum(w) > 0 else [1.0] * len(w)
    cum = []
    running = 0.0
    for k in order:
        running += weights[k]
        cum.append(running)
    half = cum[-1] / 2.0
    lower = next(m for m, v in enumerate(cum) if v >= half)
    upper = next(m for m, v in enumerate(cum) if v > half)
    return (x[order[lower]] + x[order[upper]]) / 2.0


def weighted_mean(x: list[float], w: list[float], order: list[int]) -> float:
    """Weighted mean."""
    weights = w if sum(w) > 0 else [1.0] * len(w)
    low = x[order[0]]
    offset = sum(weights[k] * (x[k] - low) for k in order) / sum(weights[k] for k in order)
    return low + min(offset, x[order[-1]] - low)


@dataclass
class Round:
    """One round of the reference run: the state, and the offers and exponents that led to it."""

    positions: list[float]
    median: float
    mean: float
    offers: list[tuple[int, int, str, float, bool]] = field(default_factory=list)
    exponents: list[float] = field(default_factory=list)


def choose(
    found: list[tuple[int, str, float, float]], scale: float
) -> tuple[int, str, float, float] | None:
    """Pick one offer: conflicts, then compromises, then capitulations; least key.

    ``found`` lists proposers in (position, capability, salience) order; a tie (keys within
    MOVE_TOL × R) goes to the first of them.
    """
    for kind in ("conflict", "compromise", "capitulation"):
        group = [f for f in found if f[1] == kind]
        if group:
            best = min(f[3] for f in group)
            return next(f for f in group if f[3] <= best + MOVE_TOL * scale)
    return None


def run(
    x0: list[float],
    c: list[float],
    s: list[float],
    rounds: int,
    compromise_rule: str = "least_move",
    risk_update: bool = True,
    normalisation: str = "global",
) -> list[Round]:
    """Run the model; return round 0 (the input) and every round after it."""
    n = len(x0)
    low, high = min(x0), max(x0)
    scale = high - low if high > low else 1.0
    w = [c[k] * s[k] for k in range(n)]
    x = list(x0)
    out: list[Round] = []
    offers: list[tuple[int, int, str, float, bool]] = []
    r: list[float] = []
    for t in range(rounds + 1):
        order = sorted_order(x, c, s)
        out.append(
            Round(list(x), weighted_median(x, w, order), weighted_mean(x, w, order), offers, r)
        )
        if t == rounds:
            break
        r = risk_exponents(x, c, s, scale, normalisation) if risk_update else [1.0] * n
        p = probabilities(x, c, s, r, scale, normalisation)
        new_x = list(x)
        offers = []
        for i in range(n):
            found: list[tuple[int, str, float, float]] = []
            for j in order:
                if x[j] == x[i]:
                    continue
                distance = abs(x[i] - x[j]) / scale
                a = expected_utility(p[i][j], s[j], distance, r[i])
                b = expected_utility(p[j][i], s[i], distance, r[i])
                kind = classify(a, b)
                if kind is None:
                    continue
                target = x[i] + (x[j] - x[i]) * abs(a / b) if kind == "compromise" else x[j]
                key = abs(target - x[i])
                if kind == "compromise" and compromise_rule == "replication_midpoint":
                    key = (abs(a) * x[i] + abs(b) * x[j]) / (abs(a) + abs(b))
                found.append((j, kind, target, key))
            chosen = choose(found, scale)
            for j, kind, target, _ in found:
                offers.append((i, j, kind, target, chosen is not None and j == chosen[0]))
            if chosen is not None:
                new_x[i] = min(max(chosen[2], low), high)
        x = new_x
    return out
