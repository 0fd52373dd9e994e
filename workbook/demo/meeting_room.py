"""The demo partnership's meetings from the inside: decisions with who agreed and why,
a later decision superseding an earlier one, timed agendas (one item ran over), actions
carried over and reviewed, and anonymous evaluations (one meeting with too few to show).

Keys refer to ``data.MEETINGS``, ``data.PEOPLE`` and ``progress.ACTIONS``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DECISIONS", "EVALUATIONS", "EXTRA_DECISIONS", "REVIEWS", "SHOW_OF_DOTS",
           "TIMED_AGENDAS"]

# A first, named show of dots at the naming meeting: two dots each, one per candidate.
# It ends in a tie, which is why the group voted again at the next meeting (data.VOTE).
SHOW_OF_DOTS: dict[str, Any] = {
    "meeting": "naming", "dots": 2, "per_candidate": 1,
    "ballots": (
        ("greta", ("Valley Makers Alliance", "Kestrel Works")),
        ("tomas", ("Valley Makers Alliance", "Precision Valley Roundtable")),
        ("ingrid", ("Made on the Kestrel", "Kestrel Works")),
        ("priya", ("Precision Valley Roundtable", "Valley Makers Alliance")),
        ("frank", ("Kestrel Works", "Made on the Kestrel")),
        ("ana", ("Kestrel Works", "Valley Makers Alliance")),
    ),
}

# (meeting key, position in its decisions list) -> how it was made, why, who agreed,
# who stood aside, and the agenda item it came under (when that meeting was timed).
DECISIONS: dict[tuple[str, int], dict[str, Any]] = {
    ("kickoff", 0): {"method": "consensus",
                     "rationale": "Employers said they will come if every meeting ends in "
                                  "a decision they can use.",
                     "agreed": ("greta", "tomas", "ingrid", "sam", "priya", "frank"),
                     "stood_aside": ()},
    ("kickoff", 1): {"method": "chair", "rationale": "Nobody else offered; Greta accepted.",
                     "agreed": ("greta", "dana"), "stood_aside": ()},
    ("resource_scan", 0): {"method": "vote",
                           "rationale": "The dot vote gave it a clear lead.",
                           "agreed": ("greta", "tomas", "ingrid", "priya", "owen"),
                           "stood_aside": ("frank",)},
    ("planning", 0): {"method": "consensus", "agenda": "Shared apprenticeship",
                      "rationale": "Three firms co-sponsor through the union trust.",
                      "agreed": ("greta", "tomas", "ingrid", "joe", "ana"),
                      "stood_aside": ("sam",)},
    ("planning", 1): {"method": "vote", "agenda": "On-site maths and print reading",
                      "rationale": "Brightwater has the room and the most new hires.",
                      "agreed": ("priya", "owen", "ana"), "stood_aside": ()},
    ("progress", 0): {"method": "consensus", "agenda": "Apprentice recruitment",
                      "rationale": "Both already reach the people employers miss.",
                      "agreed": ("greta", "tomas", "bea", "ana"), "stood_aside": ("ray",)},
}

# Decisions not in a meeting's plain list: (meeting key, text, method, rationale,
# the decision it supersedes as (meeting key, position)).
EXTRA_DECISIONS: tuple[tuple[str, str, str, str, tuple[str, int]], ...] = (
    ("planning", "Meet monthly until the first apprentices start, then every six weeks again",
     "consensus", "Too much has to be settled before the autumn to wait six weeks.",
     ("kickoff", 0)),
)

# meeting key -> minutes per agenda item, and minutes actually spent (None: not reached).
TIMED_AGENDAS: dict[str, tuple[tuple[int, float | None], ...]] = {
    "planning": ((20, 18.5), (25, 24.0), (15, 14.0), (10, 9.0)),
    "progress": ((15, 14.0), (20, 27.5), (10, 8.0), (15, None)),
}

# (meeting key, action text, outcome, new due in days ago, reason, previous status,
#  previous due in days ago): the reviews each meeting held of earlier actions.
REVIEWS: tuple[tuple[str, str, str, int | None, str, str, int | None], ...] = (
    ("planning", "Arrange on-site skills tests for New Arrivals' machinists", "dropped", None,
     "Folded into the apprentice recruitment.", "open", 80),
    ("planning", "Count late-shift workers who would ride a van", "still_open", 45, "",
     "open", 90),
    ("progress", "Write the joint sector grant application, college leading", "done", None,
     "", "open", 60),
    ("progress", "Send the late-shift pilot proposal to the transit board", "done", None, "",
     "open", 40),
)

# meeting key -> anonymous answers: seven scores (in the order of the statements) and a
# comment. The partner review has two answers only, so its results stay hidden.
EVALUATIONS: dict[str, tuple[tuple[tuple[int | None, ...], str], ...]] = {
    "partner_review": (((4, 3, 4, 3, 4, 3, 4), ""), ((3, 3, 3, 2, 3, 3, 3), "")),
    "planning": (
        ((4, 4, 5, 3, 4, 4, 4), "Good to leave with owners and dates."),
        ((4, 3, 4, 3, 4, 4, 3), ""),
        ((5, 4, 5, 4, 5, 5, 4), "The apprenticeship finally feels real."),
        ((3, 2, 4, 3, 3, 3, 3), "The public partners spoke little."),
        ((4, 4, 4, 4, 4, 4, 4), ""),
    ),
    "progress": (
        ((4, 4, 5, 2, 4, 4, 4), "Recruitment ran long; the health checks were squeezed out."),
        ((4, 5, 4, 3, 5, 4, 5), ""),
        ((5, 4, 5, 2, 4, 5, 4), "Worth it: we know who recruits first."),
        ((3, 4, 4, 3, 4, 3, 4), ""),
        ((4, 4, 4, 2, 4, 4, 4), "Keep to the clock next time."),
        ((4, 5, 5, 3, 5, 4, 4), ""),
    ),
}
