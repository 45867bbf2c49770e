"""Per-jurisdiction medical licensure data for IMGs: the models, the loader and its views.

`model` holds the record shape and the book, `loading` reads and checks `rules/states/`, `views`
gives the flat table and the sources due for a re-check. Every public name imports from here.
"""

from wizard.domain.states.loading import STATES_DIR, StateDataError, load_states
from wizard.domain.states.model import (
    JURISDICTIONS,
    Board,
    Confidence,
    Fact,
    FullLicence,
    Gme,
    ImplementationStatus,
    Note,
    Pathway,
    PathwayKind,
    ProvisionalStage,
    Requirements,
    StateBook,
    StateRecord,
    Status,
    Usmle,
    iter_facts,
    iter_sources,
    oldest_as_of,
)
from wizard.domain.states.views import StaleStateSource, stale_state_sources, to_rows

__all__ = [
    "JURISDICTIONS",
    "STATES_DIR",
    "Board",
    "Confidence",
    "Fact",
    "FullLicence",
    "Gme",
    "ImplementationStatus",
    "Note",
    "Pathway",
    "PathwayKind",
    "ProvisionalStage",
    "Requirements",
    "StaleStateSource",
    "StateBook",
    "StateDataError",
    "StateRecord",
    "Status",
    "Usmle",
    "iter_facts",
    "iter_sources",
    "load_states",
    "oldest_as_of",
    "stale_state_sources",
    "to_rows",
]
