"""How the demo partnership is doing, as plain data (see ``demo_data.py`` for the keys).

Capacity ratings, partner review notes, health checks, action items, the lifecycle and a
few comments. Days are counted back from the day the demo is built.
"""

from __future__ import annotations

# competency -> (rating 1-4, priority, note) for our own organisation, all nineteen.
OWN_CAPACITY: dict[str, tuple[int, bool, str]] = {
    "vision_goals": (3, False, "Written and shared, not yet steering every program."),
    "focus_disadvantaged": (4, False, "Core of our mission."),
    "focus_sector": (2, False, "We have served every sector at once until now."),
    "sector_expertise": (1, True, "Staff do not speak the language of the shop floor."),
    "systems_change": (2, False, "We fund training more than we change hiring practice."),
    "political_savvy": (3, False, ""),
    "collaboration": (3, False, ""),
    "community_relationships": (3, False, ""),
    "employer_engagement": (2, True, "Too few owners and plant managers know us."),
    "workforce_system": (4, False, "We are the workforce system here."),
    "education": (3, False, ""),
    "regional_alignment": (3, False, ""),
    "performance_management": (3, False, ""),
    "data_use": (4, False, "The dashboard is used by partners."),
    "financial_management": (4, False, "Clean audits for ten years."),
    "fundraising": (1, True, "Almost all money is formula funding."),
    "leadership": (3, False, ""),
    "staffing": (2, False, "Two open posts in business services."),
    "communications": (1, True, "No one tells the partnership's story."),
}

# organisation -> {competency: rating}: partners that can fill our weak spots.
PARTNER_CAPACITY: dict[str, dict[str, int]] = {
    "harrowgate": {"sector_expertise": 4, "employer_engagement": 4, "communications": 2},
    "county": {"employer_engagement": 4, "communications": 4, "political_savvy": 4,
               "fundraising": 2},
    "ferris": {"fundraising": 4, "systems_change": 3, "data_use": 2},
    "college": {"education": 4, "sector_expertise": 3, "staffing": 3, "fundraising": 2},
    "local318": {"sector_expertise": 4, "staffing": 4, "focus_disadvantaged": 2},
    "eastbank": {"community_relationships": 4, "focus_disadvantaged": 4, "fundraising": 2},
}

# aspect, kind, organisation, note
REVIEW_NOTES: tuple[tuple[str, str, str, str], ...] = (
    ("mission", "confluence", "eastbank",
     "Both of us measure success by people placed in jobs that last."),
    ("mission", "confluence", "local318",
     "The union wants apprenticeships that lead somewhere; so do the employers."),
    ("competencies", "opportunity", "college",
     "The college's labs plus our training accounts could pay for employer-designed courses."),
    ("competencies", "opportunity", "newarrivals",
     "Skilled machinists from abroad could fill openings if firms tested skills on site."),
    ("decision_making", "conflict", "apprenticeship",
     "State approvals take months; employers expect an answer in weeks."),
    ("decision_making", "conflict", "transit",
     "Route changes need public hearings, so the late-shift service cannot start quickly."),
    ("financing", "competition", "college",
     "We and the college applied separately for the same state sector grant last year."),
    ("financing", "opportunity", "ferris",
     "The foundation could match public money for lab equipment."),
    ("culture", "conflict", "orrin",
     "Orrin distrusts government paperwork; we must carry the forms for them."),
    ("culture", "confluence", "harrowgate",
     "Harrowgate and our business team both want short meetings that end in decisions."),
)

# organisation, days ago, (services, goals, referrals, contact, voice), note
HEALTH_CHECKS: tuple[tuple[str, int, tuple[int, int, int, int, int], str], ...] = (
    ("eastbank", 110, (1, 1, 1, 0, 1), "Referrals go one way only."),
    ("eastbank", 20, (2, 2, 2, 1, 1), "Monthly coffee between job coaches and navigators."),
    ("college", 110, (2, 2, 2, 2, 1), "Strong ties through the machining program."),
    ("college", 20, (2, 1, 1, 0, 1), "Contact fell away after the grant competition."),
    ("local318", 110, (1, 1, 0, 1, 0), "We barely knew the training trust."),
    ("local318", 20, (2, 2, 1, 2, 1), "Working together on the shared apprenticeship."),
    ("newarrivals", 110, (0, 1, 0, 0, 0), "First real conversation at the review."),
    ("newarrivals", 20, (1, 1, 1, 1, 1), "Referral route agreed; still early days."),
    ("county", 110, (2, 1, 1, 2, 1), ""),
    ("county", 20, (2, 2, 1, 2, 2), "Consulted us on the local hiring incentive."),
    ("transit", 110, (0, 0, 0, 1, 0), "Only met once."),
    ("transit", 20, (1, 1, 0, 1, 1), "Pilot proposal under way."),
)

# meeting, action, partner organisation, owner, due (days ago), status, done (days ago), note
ACTIONS: tuple[tuple[str, str, str, str, int, str, int | None, str], ...] = (
    ("kickoff", "Send the list of openings each firm cannot fill", "harrowgate", "tomas",
     270, "done", 268, ""),
    ("kickoff", "Invite the five firms that missed the kick-off", "county", "carl",
     260, "done", 250, "Two of them came to the next meeting."),
    ("naming", "Collect 90-day turnover figures from every firm", "brightwater", "mei",
     220, "done", 215, ""),
    ("naming", "Draft the first resource map and share it", "board", "luis",
     210, "done", 205, ""),
    ("resource_scan", "Find out why the old pre-employment course stopped", "college", "ana",
     170, "done", 160, "Findings are in the lessons of that solution."),
    ("resource_scan", "Get ridership figures for the retired industrial park shuttle",
     "transit", "nora", 160, "done", 150, ""),
    ("root_causes", "Draft an outline for the supervisor coaching cohort", "orrin", "frank",
     120, "done", 100, ""),
    ("root_causes", "Count late-shift workers who would ride a van", "lindqvist", "sam",
     45, "open", None, "Two firms' counts are still missing."),
    ("partner_review", "Write the joint sector grant application, college leading",
     "college", "ana", 60, "done", 58, ""),
    ("partner_review", "Arrange on-site skills tests for New Arrivals' machinists",
     "newarrivals", "hana", 80, "dropped", None, "Folded into the apprentice recruitment."),
    ("planning", "Sign co-sponsorship agreements with the training trust", "local318", "joe",
     30, "in_progress", None, "One of three firms has signed."),
    ("planning", "Schedule the first on-site maths class at Brightwater", "brightwater",
     "priya", 35, "open", None, ""),
    ("planning", "Send the late-shift pilot proposal to the transit board", "transit",
     "nora", 40, "done", 25, ""),
    ("progress", "Post the apprentice openings with Eastbank and New Arrivals", "eastbank",
     "bea", -10, "open", None, ""),
    ("progress", "Hold health checks with the partners not yet checked", "board", "dana",
     -25, "open", None, ""),
    ("progress", "Confirm the Millrace welding booths for the autumn term", "millrace", "ray",
     -14, "open", None, ""),
    ("progress", "Prepare the letter of intent to the pooled equipment fund", "ferris", "ana",
     -30, "open", None, ""),
)

# phase, days ago, note
PHASES: tuple[tuple[str, int, str], ...] = (
    ("preparation", 400, "The board looked back at its earlier roundtables and at its own "
                         "gaps before inviting anyone."),
    ("planning", 350, "Vision, ground rules and first outcomes drafted with two employer "
                      "champions."),
    ("prospecting", 320, "Long list of 30 organisations researched and screened."),
    ("developing", 290, "Kick-off held; partners agree how they will work together."),
    ("stewarding", 130, "Plan agreed and work under way: from here on the job is keeping it "
                        "moving."),
)

# phase, item, done (days ago; None: not done yet), evidence
CHECKLIST: tuple[tuple[str, str, int | None, str], ...] = (
    ("preparation", "history", 395, "Notes on the healthcare roundtable of earlier years."),
    ("preparation", "strengths", 390, "Strengths and weaknesses memo to the board."),
    ("preparation", "self_assessment", 385, "Capacity self-assessment, all 19 competencies."),
    ("preparation", "changes", 360, "Business services team given a sector focus."),
    ("planning", "vision", 345, "Vision and goals in the partnership profile."),
    ("planning", "procedures", 340, "Two-page ground rules."),
    ("planning", "leads", 335, "Leads named for outreach, data and the resource map."),
    ("planning", "outcomes", 330, "Four outcomes with benchmarks."),
    ("prospecting", "long_list", 318, "Long list of 30 organisations."),
    ("prospecting", "research", 305, "Profiles of 15 organisations."),
    ("prospecting", "screened", 300, "Fourteen invited."),
    ("prospecting", "wiifm", 292, "What each side brings and needs, per partner."),
    ("developing", "kickoff", 290, "Kick-off meeting with a written objective."),
    ("developing", "named", 200, "Valley Makers Alliance chosen by dot vote."),
    ("developing", "responsibilities", 155, "Roles agreed at the root-cause meeting."),
    ("developing", "resource_map", 205, "Resource map shared after the naming meeting."),
    ("developing", "implementation", 130, "Partners told that planning has become doing."),
    ("stewarding", "cadence", 20, "Seven meetings, each with an objective."),
    ("stewarding", "actions_tracked", 65, "Every action has an owner and a due date."),
    ("stewarding", "troubleshooters", None, "Not yet: two volunteers, need a third."),
)

# author key, meeting, text, days ago
COMMENTS: tuple[tuple[str, str, str, int], ...] = (
    ("frank", "resource_scan", "We paid for a course like this years ago and it went "
     "nowhere. Tell me what is different this time before we spend a cent.", 200),
    ("nora", "root_causes", "We can run vans if three firms share the pilot cost and send "
     "us their shift lists.", 155),
    ("hana", "progress", "Two of our members ran CNC lathes for ten years abroad; an hour "
     "at a machine would show it.", 20),
)
