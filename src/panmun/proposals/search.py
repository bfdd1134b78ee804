"""Searching the space of packages: the Nash bargaining solution and the Pareto frontier.

Both are pure functions of arrays. Utilities are those of :mod:`panmun.proposals.utility`
(salience-weighted, range-scaled absolute distance), which are concave and piecewise linear
in the outcome; that makes the Nash product's logarithm concave and the search convex.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog, minimize

from panmun.proposals.utility import FloatArray, utilities

MIN_GAIN = 1e-9
"""Gains below this (utilities span [-1, 0]) count as no gain: rounding, not agreement."""


@dataclass(frozen=True)
class NashSolution:
    """Result of :func:`nash_package`.

    ``outcome`` is the package (one point per issue); ``gains`` the required actors' utility
    gains over the status quo there. ``feasible`` is False when no package gives every
    required actor a strictly positive gain; ``outcome`` is then the package that maximises
    the smallest gain (the best that can be said), and ``gains`` shows who still loses.
    """

    outcome: FloatArray
    gains: FloatArray
    feasible: bool
    log_nash_product: float


def _linear_parts(
    position: FloatArray, salience: FloatArray, width: FloatArray
) -> tuple[FloatArray, int, int]:
    """Return per-(actor, issue) weights a_ik = s_ik / (w_k * sum_k s_ik) and the sizes."""
    n_a, n_i = position.shape
    total = salience.sum(axis=1, keepdims=True)
    weight = np.where(total > 0, salience / np.where(total > 0, total, 1.0), 0.0) / width
    return weight, n_a, n_i


def nash_package(
    position: FloatArray,
    salience: FloatArray,
    status_quo: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
) -> NashSolution:
    """Find the package maximising the product of gains over the status quo (Nash 1950).

    Parameters
    ----------
    position, salience
        Shape ``(actors, issues)`` for the actors whose agreement is required.
    status_quo, lower, upper
        Shape ``(issues,)``: the disagreement point and each issue scale's ends.

    Notes
    -----
    Variables are the outcome ``z`` and, for each actor and issue, ``t_ik >= |z_k - x_ik|``
    (two linear inequalities), so each gain ``g_i = -sum_k a_ik t_ik - U_i(sq)`` is linear.
    A linear programme first maximises the smallest gain; if it is positive, SLSQP maximises
    ``sum_i log g_i`` from there (a concave objective over a polytope: the local optimum is
    global). Nash, J. (1950), "The bargaining problem", *Econometrica* 18(2): 155-162.
    """
    a, n_a, n_i = _linear_parts(position, salience, upper - lower)
    u_sq = utilities(status_quo, position, salience, upper - lower)
    n_t = n_a * n_i
    # variable vector v = [z (n_i), t (n_a*n_i, row-major), m]
    rows: list[NDArray[np.float64]] = []
    rhs: list[float] = []
    for i in range(n_a):
        for k in range(n_i):
            idx = n_i + i * n_i + k
            for sign in (1.0, -1.0):  # sign*(z_k - x_ik) - t_ik <= 0
                row = np.zeros(n_i + n_t + 1)
                row[k], row[idx] = sign, -1.0
                rows.append(row)
                rhs.append(sign * position[i, k])
    gain_rows = np.zeros((n_a, n_i + n_t + 1))
    for i in range(n_a):
        gain_rows[i, n_i + i * n_i : n_i + (i + 1) * n_i] = -a[i]
    for i in range(n_a):  # m - g_i <= 0  <=>  m + sum a t <= -u_sq
        row = -gain_rows[i].copy()
        row[-1] = 1.0
        rows.append(row)
        rhs.append(-u_sq[i])
    bounds = [(lower[k], upper[k]) for k in range(n_i)] + [(0, None)] * n_t + [(None, None)]
    c = np.zeros(n_i + n_t + 1)
    c[-1] = -1.0
    lp = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs), bounds=bounds, method="highs")
    start = lp.x
    if -lp.fun <= MIN_GAIN:
        z = start[:n_i]
        g = utilities(z, position, salience, upper - lower) - u_sq
        return NashSolution(outcome=z, gains=g, feasible=False, log_nash_product=-np.inf)
    x0 = start[:-1]
    a_ub = np.array(rows[: 2 * n_t])[:, :-1]
    b_ub = np.array(rhs[: 2 * n_t])
    g_mat = gain_rows[:, :-1]

    def neg_log(v: FloatArray) -> float:
        g = g_mat @ v - u_sq
        return float(-np.sum(np.log(np.maximum(g, 1e-300))))

    def neg_log_grad(v: FloatArray) -> FloatArray:
        g = np.maximum(g_mat @ v - u_sq, 1e-300)
        return np.asarray(-(g_mat.T @ (1.0 / g)), dtype=np.float64)

    floor = 1e-9 * max(-lp.fun, 1e-12)
    res = minimize(
        neg_log,
        x0,
        jac=neg_log_grad,
        method="SLSQP",
        bounds=bounds[:-1],
        constraints=[
            {"type": "ineq", "fun": lambda v: b_ub - a_ub @ v, "jac": lambda v: -a_ub},
            {"type": "ineq", "fun": lambda v: g_mat @ v - u_sq - floor, "jac": lambda v: g_mat},
        ],
        options={"maxiter": 500, "ftol": 1e-12},
    )
    candidates = [res.x, x0] if res.success else [x0]
    if not res.success:
        # SLSQP's line search can stall when the gains are tiny (a few 1e-4 of the utility
        # scale); the interior-point method of trust-constr handles that scaling.
        from scipy.optimize import LinearConstraint

        try:
            with warnings.catch_warnings():  # its "delta_grad == 0" notes on flat stretches
                warnings.simplefilter("ignore")
                alt = minimize(
                    neg_log,
                    x0,
                    jac=neg_log_grad,
                    method="trust-constr",
                    bounds=bounds[:-1],
                    constraints=[
                        LinearConstraint(a_ub, -np.inf, b_ub),
                        LinearConstraint(g_mat, u_sq + floor, np.inf),
                    ],
                    options={"maxiter": 2000, "gtol": 1e-12, "xtol": 1e-12},
                )
        except (ValueError, np.linalg.LinAlgError):  # a degenerate polytope: keep the LP point
            alt = None
        if alt is not None and np.all(np.isfinite(alt.x)):
            candidates.insert(0, alt.x)
    best: tuple[FloatArray, FloatArray] | None = None
    for v in candidates:
        z = np.clip(v[:n_i], lower, upper)
        g = utilities(z, position, salience, upper - lower) - u_sq
        if np.all(g > 0) and (best is None or np.sum(np.log(g)) > np.sum(np.log(best[1]))):
            best = (z, g)
    if best is None:  # only rounding separates the maximin point from zero
        z = start[:n_i]
        g = utilities(z, position, salience, upper - lower) - u_sq
        return NashSolution(outcome=z, gains=g, feasible=False, log_nash_product=-np.inf)
    return NashSolution(
        outcome=best[0],
        gains=best[1],
        feasible=True,
        log_nash_product=float(np.sum(np.log(best[1]))),
    )


@dataclass(frozen=True)
class FrontierPoint:
    """A vertex of the two-actor Pareto frontier."""

    outcome: FloatArray
    utility_a: float
    utility_b: float


def pareto_frontier(
    position: FloatArray,
    salience: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
) -> list[FrontierPoint]:
    """Return the vertices of the Pareto frontier between two actors' utilities.

    Parameters
    ----------
    position, salience
        Shape ``(2, issues)``: actor A then actor B.

    Notes
    -----
    Utilities are separable and linear on each issue between the two positions, so the
    frontier is traced exactly (no sampling): start with every issue at B's position, then
    concede issues to A one by one in decreasing order of A's relative salience over B's
    (the ratio of their normalised saliences). Consecutive vertices are joined by straight
    segments; the first vertex is B's ideal package, the last A's. Vertices that another
    vertex dominates (an issue one actor does not care about) are dropped. This is the classic
    "logrolling" construction of exchanging issues by relative importance (Raiffa 1982,
    *The Art and Science of Negotiation*, Harvard University Press, ch. 10).
    """
    width = upper - lower
    total = salience.sum(axis=1, keepdims=True)
    norm = np.where(total > 0, salience / np.where(total > 0, total, 1.0), 0.0)
    ratio = np.where(norm[1] > 0, norm[0] / np.where(norm[1] > 0, norm[1], 1.0), np.inf)
    order = sorted(range(position.shape[1]), key=lambda k: (-ratio[k], k))
    z = position[1].copy()
    points = []
    for step in range(len(order) + 1):
        if step > 0:
            z = z.copy()
            z[order[step - 1]] = position[0, order[step - 1]]
        u = utilities(z, position, salience, width)
        points.append(FrontierPoint(outcome=z, utility_a=float(u[0]), utility_b=float(u[1])))
    return [p for p in points if not any(_dominates(q, p) for q in points)]


def _dominates(q: FrontierPoint, p: FrontierPoint) -> bool:
    """True when ``q`` is at least as good as ``p`` for both actors and better for one."""
    return (
        q.utility_a >= p.utility_a
        and q.utility_b >= p.utility_b
        and (q.utility_a > p.utility_a or q.utility_b > p.utility_b)
    )
