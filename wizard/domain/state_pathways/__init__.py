"""State licence routes without a US residency, judged against one person's answers.

The package, by responsibility (imports run down this list, never up):

* `views` — what the plan, the PDF and the compare page show: `state_pathways_for`,
  `gme_requirement`, `assessment_as_dict`, `route_estimates`;
* `judgement` — judging pathways for a person: `assess`, `assess_state`, `assess_pathway`,
  `best_for`, `best_verdict`, `count_fitting_states`, `fitting_states`;
* `checks` — the requirement checks, one requirement against the answers, and `judge`;
* `you` — the answers the checks read, with their knock-on meanings;
* `verdicts` — the verdicts, the check and assessment types, the notes said beside every pathway;
* `wording` — how facts and numbers are put into words.

Every public name is importable from `wizard.domain.state_pathways` itself.

Must not know: Streamlit or the clock (the caller passes `on`).
"""

from wizard.domain.state_pathways.judgement import (
    assess,
    assess_pathway,
    assess_state,
    best_for,
    best_verdict,
    count_fitting_states,
    fitting_states,
)
from wizard.domain.state_pathways.verdicts import (
    LAG_NOTE,
    NO_VISA,
    STATUS_LABELS,
    VERDICT_LABELS,
    Assessment,
    Check,
    RequirementCheck,
    StageFact,
    UnknownBecause,
    Verdict,
)
from wizard.domain.state_pathways.views import (
    GmeRequirement,
    RouteEstimate,
    StatePathways,
    assessment_as_dict,
    gme_requirement,
    route_estimates,
    state_pathways_for,
    years_until,
)
from wizard.domain.state_pathways.wording import UNKNOWN
from wizard.domain.state_pathways.you import RESIDENCY_LENGTH_YEARS

__all__ = [
    "LAG_NOTE",
    "NO_VISA",
    "RESIDENCY_LENGTH_YEARS",
    "STATUS_LABELS",
    "UNKNOWN",
    "VERDICT_LABELS",
    "Assessment",
    "Check",
    "GmeRequirement",
    "RequirementCheck",
    "RouteEstimate",
    "StageFact",
    "StatePathways",
    "UnknownBecause",
    "Verdict",
    "assess",
    "assess_pathway",
    "assess_state",
    "assessment_as_dict",
    "best_for",
    "best_verdict",
    "count_fitting_states",
    "fitting_states",
    "gme_requirement",
    "route_estimates",
    "state_pathways_for",
    "years_until",
]
