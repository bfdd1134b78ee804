"""The published worked example: EC car-emission standards (Bueno de Mesquita 1994).

Inputs: Table 1 of Scholz, Calbert and Smith (2011), taken from Bueno de Mesquita (1994,
p. 78): ten EC members, their capability, salience, and preferred delay (in years) before
emission standards apply to medium-sized cars. Transcribed as in McKibben-Sanders' public
replication (github.com/jmckib/bdm-scholz-expected-utility-model, ExampleActors.csv), which
Masad reports reproduces the paper once checked against the authors' own code; an earlier
transcription swaps the Netherlands' and Belgium's position and salience, which leaves every
position's total weight — hence the round-0 median and mean — unchanged.

Published results, from Scholz et al. (2011), Table 2 and p. 28 ("the median voter position
at the end of the first round [is] 8.4 years ... at the end of the second, third, fourth and
fifth rounds ... 9.9 years"), as quoted in a public equation extract of the paper (we could
not read the paper's own PDF here):

* median by round 1-8: 8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6
* mean by round 1-8:   7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6

The replication code ranks compromises by the EU-weighted midpoint; with that option
(``compromise_rule="replication_midpoint"``) our engine lands within 0.1 of every published
mean and of every published median except round 2, where we find 9.61 (Belgium's compromise
towards France stops short of 9.9). McKibben-Sanders notes that in round 4 of Scholz's run
"Belgium compromises with Netherlands to an extreme position rather than with France"; the
engine reproduces that move, the dip of the mean in rounds 4-5 and the drop of the median
to about 7.4 in round 6.
"""

from __future__ import annotations

from collections import Counter

import pytest

from panmun.bargaining import (
    ExpectedUtilityModel,
    IssueInputs,
    WeightedMeanModel,
    WeightedMedianModel,
)

TABLE_1 = [
    # actor, capability, position (years), salience
    ("Netherlands", 0.08, 4, 0.8),
    ("Belgium", 0.08, 7, 0.4),
    ("Luxembourg", 0.03, 4, 0.2),
    ("Germany", 0.16, 4, 0.8),
    ("France", 0.16, 10, 0.6),
    ("Italy", 0.16, 10, 0.6),
    ("UK", 0.16, 10, 0.9),
    ("Ireland", 0.05, 7, 0.1),
    ("Denmark", 0.05, 4, 1.0),
    ("Greece", 0.08, 7, 0.7),
]
PUBLISHED_MEDIAN = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
PUBLISHED_MEAN = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]


def _inputs() -> IssueInputs:
    names, c, x, s = zip(*TABLE_1, strict=True)
    return IssueInputs.from_values(names, x, c, s, issue="ec-emissions-1994")


def test_round_zero_is_the_median_voter_and_the_weighted_mean() -> None:
    inputs = _inputs()
    # Weight at 4 years: .064 + .006 + .128 + .05 = .248; at 7: .032 + .005 + .056 = .093;
    # at 10: .096 + .096 + .144 = .336; total .677, so the median (half = .3385) is 7.
    assert WeightedMedianModel().run(inputs).forecast == 7.0
    mean = (4 * 0.248 + 7 * 0.093 + 10 * 0.336) / 0.677
    assert WeightedMeanModel().run(inputs).forecast == pytest.approx(mean, abs=1e-12)
    assert mean == pytest.approx(7.39, abs=0.005)


def test_replication_reproduces_table_2() -> None:
    model = ExpectedUtilityModel(rounds=8, compromise_rule="replication_midpoint")
    result = model.run(_inputs())
    medians = [r.weighted_median for r in result.rounds[1:]]
    means = [r.weighted_mean for r in result.rounds[1:]]
    for t, (ours, published) in enumerate(zip(means, PUBLISHED_MEAN, strict=True), start=1):
        assert ours == pytest.approx(published, abs=0.1), f"mean, round {t}"
    for t, (ours, published) in enumerate(zip(medians, PUBLISHED_MEDIAN, strict=True), start=1):
        if t == 2:
            continue  # the one published value we do not reproduce (see the module notes)
        assert ours == pytest.approx(published, abs=0.1), f"median, round {t}"
    belgium = [o for o in result.rounds[4].offers if o.receiver == "Belgium" and o.accepted]
    assert [(o.proposer, o.kind) for o in belgium] == [("Netherlands", "compromise")]
    pressed_by_france = [o for o in result.rounds[4].offers if o.receiver == "Belgium"]
    assert any(o.proposer == "France" for o in pressed_by_france)


def test_the_paper_text_rule_follows_the_same_path_until_round_four() -> None:
    text = ExpectedUtilityModel(rounds=8).run(_inputs())
    code = ExpectedUtilityModel(rounds=8, compromise_rule="replication_midpoint").run(_inputs())
    assert [r.positions for r in text.rounds[:4]] == [r.positions for r in code.rounds[:4]]
    assert text.rounds[4].positions["Belgium"] > 9.99  # it meets France (at 10) instead
    assert code.rounds[4].positions["Belgium"] < 5.0


def test_the_printed_pairwise_probability_degenerates() -> None:
    # With P_ij + P_ji = 1 (eqs. 30-31 as printed) challengers win too often: most offers
    # are conflicts and the actors leapfrog onto one position within a few rounds.
    result = ExpectedUtilityModel(rounds=8, probability="pairwise").run(_inputs())
    first = Counter(o.kind for o in result.rounds[1].offers)
    assert first["conflict"] > 3 * (first["compromise"] + first["capitulation"])
    assert len(set(result.rounds[-1].positions.values())) == 1
    global_run = ExpectedUtilityModel(rounds=8).run(_inputs())
    assert len(set(global_run.rounds[-1].positions.values())) > 3
