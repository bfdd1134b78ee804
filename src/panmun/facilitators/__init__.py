"""Which third party could facilitate talks: candidates scored on the mediation literature's
criteria, with the uncertainty of their sourced indicators, and the policy paper's condition.

Criteria
--------
Five criteria, each scored 0..1 from sourced indicators with ranges
(``data/facilitators/<context>.yaml``):

``acceptability``
    Whether each party would accept the third party: diplomatic relations and embassies with
    that party, and the party's statements. Scored per party and combined by the minimum,
    since mediation needs the consent of both sides (Kleiboer 1996, "Understanding Success
    and Failure of International Mediation", *Journal of Conflict Resolution* 40(2),
    360-389, on the parties' acceptance of a mediator as a condition of its influence).
``impartiality``
    Balance of ties to the two parties (alliances, trade, political closeness). Bercovitch
    and Schneider (2000, "Who Mediates? The Political Economy of International Conflict
    Management", *Journal of Peace Research* 37(2), 145-165) find that neutrality matters
    less for who is chosen than power does, so it is one criterion among five, not a filter.
``leverage``
    Inducements and pressure the third party can bring (trade, aid, security ties): the
    resources that make a mediator attractive in Bercovitch and Schneider's market for
    mediation, and the heavy-handed leverage whose long-run costs Beardsley (2011, *The
    Mediation Dilemma*, Cornell University Press) documents.
``resources``
    Resources and access: missions in both capitals, capacity to host and to run talks.
``track_record``
    Past mediation and hosting between these parties or in the region.

Each indicator is a value with a (low, high) range, its sources and a one-line rationale. A
criterion is the mean of its indicators (acceptability: the mean per party, then the minimum
over the parties); a criterion without a sourced indicator at the scenario's date counts as
unknown, drawn uniformly on 0..1 (0.5 at the point), and is marked so. The overall fit is the
weighted mean of the five criteria (equal weights unless the data file sets others with a
rationale). Uncertainty: every indicator is drawn from a triangular distribution on its range
with its value as mode (as the bargaining engine does), seeded; the fit is reported as the
median and the 5-95 % band of the draws, and the ranking's stability as each candidate's
probability of ranking first and its 5-95 % band of ranks.

The gate
--------
The policy paper (Touch and Lin 2022) recommends that Cambodia serve as a facilitator "if the
two Koreas formally request it". A candidate whose data say it acts only on a formal request
from both parties (``acts_on: joint_request``) is marked *conditional*, and the assessment says
whether such a request exists at the scenario's date (``requests``, sourced; none recorded
means none known).

:mod:`panmun.facilitators.scoring` is the pure numeric core (arrays in, arrays out);
:mod:`panmun.facilitators.assess` joins it to a scenario and the shipped data.
"""

from panmun.facilitators.assess import (
    Assessment,
    CandidateResult,
    assess,
    assessment_data,
    facilitator_file,
    report_section,
)
from panmun.facilitators.models import CRITERIA, Candidate, FacilitatorFile, Indicator

__all__ = [
    "CRITERIA",
    "Assessment",
    "Candidate",
    "CandidateResult",
    "FacilitatorFile",
    "Indicator",
    "assess",
    "assessment_data",
    "facilitator_file",
    "report_section",
]
