"""A dated plan from today to residency and a full licence, in three lanes (optimistic / typical /
conservative), aligned to the real Match calendar.

The package, by responsibility:
  model          the public model (Phase, LanePlan, Timeline), its rows, the shared date format
  durations      how long things take (tables, or labelled planning assumptions); date arithmetic
  match_calendar the Match-cycle calendar and the Pathways seasons, with labelled estimates
  planner        the answers as the plan reads them (missing answers become assumptions)
  exams          credential verification and the Step exams, dated
  certification  OET, the Pathways season and the ECFMG certificate for one Match year
  after_match    residency, Step 3 and the full licence
  lanes          the cycle-alignment rule: the earliest Match each lane can enter
  explain        the sentences that explain a lane and the notes beside the plan
  phase_text     the order, labels and notes of the residency-track phases
  alternative    the alternative licence track (a licence without a US residency)
  build          build_timeline, putting it together

Must not know: Streamlit, the clock (`on` is an argument), or how the plan is drawn.
"""

from wizard.outputs.timeline.build import build_timeline
from wizard.outputs.timeline.durations import Span
from wizard.outputs.timeline.lanes import READINESS_RULE, RULE_SOURCES
from wizard.outputs.timeline.model import (
    ALTERNATIVE_PREFIX,
    ALTERNATIVE_TRACK,
    LANES,
    RESIDENCY_TRACK,
    LanePlan,
    Phase,
    Timeline,
    fmt,
)

__all__ = [
    "ALTERNATIVE_PREFIX",
    "ALTERNATIVE_TRACK",
    "LANES",
    "READINESS_RULE",
    "RESIDENCY_TRACK",
    "RULE_SOURCES",
    "LanePlan",
    "Phase",
    "Span",
    "Timeline",
    "build_timeline",
    "fmt",
]
