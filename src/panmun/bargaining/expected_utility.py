"""The expected-utility model of Bueno de Mesquita, run round by round on arrays.

Each round (Scholz, Calbert and Smith 2011, Appendix steps 2–11):

1. risk exponents from every actor's danger, computed with all exponents at 1
   (:func:`~panmun.bargaining.equations.risk_exponents`);
2. probabilities of prevailing and expected utilities with those exponents
   (:mod:`panmun.bargaining.equations`);
3. every pair classified as conflict, compromise, capitulation or no offer, and every actor
   takes at most one offer; all move at once (:mod:`panmun.bargaining.offers`).

The forecast is the capability × salience weighted median after the last round. The whole
batch of draws moves together: every step is an array operation over
(draws × actors × actors). Only the rounds, cache-sized blocks of draws
(``max_block_elements``) and the running sum of votes over voters
(:func:`~panmun.bargaining._pairs.prefix_sums`, one array addition per actor) are Python
loops.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from panmun.bargaining._arrays import (
    Array,
    device_of,
    inverse_permutation,
    lexsort_rows,
    namespace,
    prime_host_allocator,
    take_rows,
    to_numpy,
)
from panmun.bargaining._base import BargainingModel, RoundOffers, Trajectory
from panmun.bargaining._pairs import PairTables, SortedPairs, sorted_pairs
from panmun.bargaining._validation import check_choice, check_count
from panmun.bargaining.baselines import weighted_mean_sorted, weighted_median_sorted
from panmun.bargaining.equations import (
    NORMALISATIONS,
    Normalisation,
    dangers_sorted,
    expected_utilities,
    risk_from_danger,
    win_probabilities_sorted,
)
from panmun.bargaining.offers import (
    COMPROMISE_RULES,
    NO_OFFER,
    CompromiseRule,
    choose_offers,
    kinds_of,
    offer_masks,
    proposed_positions,
)


class ExpectedUtilityModel(BargainingModel):
    """Bueno de Mesquita's expected-utility model as replicated by Scholz et al. (2011).

    Parameters
    ----------
    rounds
        Number of bargaining rounds (0 returns the input and its weighted median).
    compromise_rule
        ``"least_move"`` (the paper's text, default) or ``"replication_midpoint"`` (the
        replication code's ranking of compromises); see :mod:`panmun.bargaining.offers`.
    risk_update
        Update the risk exponents each round (§5); ``False`` keeps every actor risk neutral.
    probability
        ``"global"`` (default: the replication code's normalisation over all voters and
        pairs) or ``"pairwise"`` (eqs. 30–31 as printed); see
        :mod:`panmun.bargaining.equations`.
    max_block_elements
        Draws are processed in blocks of at most this many actor pairs (draws × actors²).
        The default, 2¹⁷ (1 MiB per pairwise float64 array), keeps a block's temporaries
        in the processor's caches and within the heap that
        :func:`~panmun.bargaining._arrays.prime_host_allocator` keeps warm; on the benchmark
        machine 10,000 draws of 12 actors ran fastest in blocks of about 900 draws, about
        twice as fast as in one block of 10,000.

    References
    ----------
    Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In
    B. Bueno de Mesquita and F. N. Stokman (eds.), *European Community Decision Making*,
    71–104. Yale University Press.

    Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). Unravelling Bueno de Mesquita's
    group decision model. *Journal of Theoretical Politics* 23(4), 510–531.

    Examples
    --------
    >>> from panmun.bargaining import IssueInputs
    >>> inputs = IssueInputs.from_values(
    ...     ["a", "b", "c"], positions=[0, 50, 100], capabilities=[1, 1, 1],
    ...     saliences=[0.9, 0.3, 0.6])
    >>> result = ExpectedUtilityModel(rounds=3).run(inputs)
    >>> len(result.rounds), 0 <= result.forecast <= 100
    (4, True)
    """

    name: ClassVar[str] = "eum"

    def __init__(
        self,
        rounds: int = 10,
        compromise_rule: CompromiseRule = "least_move",
        risk_update: bool = True,
        probability: Normalisation = "global",
        max_block_elements: int = 2**17,
    ) -> None:
        self.rounds = rounds
        self.compromise_rule = compromise_rule
        self.risk_update = risk_update
        self.probability = probability
        self.max_block_elements = max_block_elements

    def validate(self) -> None:
        """Check the parameters (raises :class:`~panmun.errors.InputError`)."""
        check_count(self.rounds, "rounds")
        check_choice(self.compromise_rule, "compromise_rule", COMPROMISE_RULES)
        check_choice(self.probability, "probability", NORMALISATIONS)
        check_count(self.max_block_elements, "max_block_elements", minimum=1)

    def simulate(
        self,
        positions: Array,
        capabilities: Array,
        saliences: Array,
        *,
        record_offers: bool = False,
    ) -> Trajectory:
        """Run all rounds on a batch of draws (each argument of shape (B, N)).

        Returns a :class:`~panmun.bargaining._base.Trajectory`; with ``record_offers`` every
        offer of every round is kept (host memory grows with B × N² × rounds).
        """
        self.validate()
        xp = namespace(positions, capabilities, saliences)
        prime_host_allocator(positions)
        batch, n = positions.shape
        block = max(1, self.max_block_elements // (n * n))
        parts = [
            self._simulate_block(
                xp,
                positions[start : min(start + block, batch), :],
                capabilities[start : min(start + block, batch), :],
                saliences[start : min(start + block, batch), :],
                record_offers,
                start,
            )
            for start in range(0, batch, block)
        ]
        offers = None
        if record_offers:
            offers = [_concat_offers([p[3][t] for p in parts]) for t in range(self.rounds)]
        medians = xp.concat([p[1] for p in parts], axis=1)
        return Trajectory(
            positions=xp.concat([p[0] for p in parts], axis=1),
            medians=medians,
            means=xp.concat([p[2] for p in parts], axis=1),
            forecast=medians[-1, :],
            offers=offers,
            xp=xp,
        )

    def _simulate_block(
        self, xp: Any, xb: Array, cb: Array, sb: Array, record: bool, first_draw: int
    ) -> tuple[Array, Array, Array, list[RoundOffers]]:
        # Work actors-first, draws-last: (N, B) and (N, N, B) (see equations.py).
        x0, c0, s0 = (xp.permute_dims(v, (1, 0)) for v in (xb, cb, sb))
        low = xp.min(x0, axis=0)
        high = xp.max(x0, axis=0)
        span = high - low
        scale = xp.where(span > 0, span, 1.0)  # unanimity: all distances are 0 anyway
        # Home order: actors ranked by (capability, salience), fixed for the run. A stable
        # sort of positions in home order then yields the label-free (position, capability,
        # salience) order every round with one argsort.
        home = lexsort_rows(xp, (c0, s0), axis=0)
        to_input = inverse_permutation(xp, home, axis=0)
        x_home, c_home, s_home = (take_rows(xp, v, home, axis=0) for v in (x0, c0, s0))
        tables = PairTables.of(xp, x0.shape[0], device_of(x0))
        positions, medians, means, offers = [], [], [], []
        for t in range(self.rounds + 1):
            perm = xp.argsort(x_home, axis=0, stable=True)
            x, c, s = (take_rows(xp, v, perm, axis=0) for v in (x_home, c_home, s_home))
            w = c * s
            in_input_order = take_rows(xp, x_home, to_input, axis=0)
            positions.append(xp.permute_dims(in_input_order, (1, 0)))
            medians.append(weighted_median_sorted(xp, x, w, axis=0))
            means.append(weighted_mean_sorted(xp, x, w, axis=0))
            if t == self.rounds:
                break
            new_x, found = self._round(xp, sorted_pairs(xp, x, scale, tables), s, w, record)
            new_x = xp.minimum(xp.maximum(new_x, low[None, :]), high[None, :])
            x_home = take_rows(xp, new_x, inverse_permutation(xp, perm, axis=0), axis=0)
            if record:
                ids = take_rows(xp, home, perm, axis=0)  # input index of each sorted actor
                offers.append(_round_offers(ids, first_draw, *found))
        return xp.stack(positions), xp.stack(medians), xp.stack(means), offers

    def _round(
        self, xp: Any, pairs: SortedPairs, s: Array, w: Array, record: bool
    ) -> tuple[Array, tuple[Any, ...]]:
        """One round on actors sorted by position; returns new positions and the offers."""
        r = None
        if self.risk_update:
            r = risk_from_danger(xp, dangers_sorted(xp, pairs, w, s, self.probability))
        p = win_probabilities_sorted(xp, pairs, w, r, self.probability)
        powers = None if r is None else pairs.utility_powers(r)
        a, b = expected_utilities(xp, p, pairs.dist, s, r, powers)
        masks = offer_masks(xp, a, b, pairs.gap != 0)
        new_x, chosen, has_offer = choose_offers(
            xp, masks, a, b, pairs.x, pairs.dist, self.compromise_rule
        )
        found: tuple[Any, ...] = ()
        if record:
            proposed = proposed_positions(xp, pairs.x, a, b, masks[1])
            found = (kinds_of(xp, *masks), proposed, chosen, has_offer)
        return new_x, found


def _round_offers(
    ids: Array, first_draw: int, kinds: Array, proposed: Array, chosen: Array, has_offer: Array
) -> RoundOffers:
    """Collect one round's offers on the host, with actors numbered as in the input.

    Arrays come in the sorted, actors-first frame: ``ids`` (N, B), the rest (N, N, B).
    """
    ids_h = to_numpy(ids)
    kinds_h = to_numpy(kinds)
    i, j, draw = np.nonzero(kinds_h != NO_OFFER)
    receiver, proposer = ids_h[i, draw], ids_h[j, draw]
    accepted = to_numpy(has_offer)[i, draw] & (to_numpy(chosen)[i, draw] == j)
    order = np.lexsort((proposer, receiver, draw))
    return RoundOffers(
        draw=(draw + first_draw)[order],
        receiver=receiver[order],
        proposer=proposer[order],
        kind=kinds_h[i, j, draw][order],
        proposed=to_numpy(proposed)[i, j, draw][order],
        accepted=accepted[order],
    )


def _concat_offers(blocks: list[RoundOffers]) -> RoundOffers:
    fields = ("draw", "receiver", "proposer", "kind", "proposed", "accepted")
    return RoundOffers(**{f: np.concatenate([getattr(b, f) for b in blocks]) for f in fields})
