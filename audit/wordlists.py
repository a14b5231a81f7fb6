"""The PMO word lists the link suggestions fold words with (see audit/links.py and RULES.md).

Kept apart from links.py so the rules can be printed without loading the text libraries.
"""

from __future__ import annotations

# Abbreviations PMOs write, spelled out before stemming.
PMO_ABBREVIATIONS: dict[str, str] = {
    "rag": "red amber green status",
    "raid": "risks assumptions issues dependencies",
    "pm": "project manager",
    "pms": "project managers",
    "sro": "senior responsible owner",
    "pid": "project initiation document",
    "pir": "post implementation review",
    "evm": "earned value",
    "cpi": "cost performance index",
    "spi": "schedule performance index",
    "exec": "executive",
    "execs": "executives",
}

# Words PMOs use for the same idea, folded to the first word of each group.
PMO_SAME_IDEA: dict[str, str] = {
    "cost": "budget budgets spend spending financial finance finances money actuals "
            "outturn expenditure",
    "schedule": "time timeline timelines timescale timescales deadline deadlines late delay "
                "delays delayed slippage slip milestone milestones",
    "investment": "funding fund funds funded invest investments",
    "resource": "staff people personnel headcount specialists specialist capacity resourcing",
    "capability": "competency competencies competence capabilities",
    "training": "course courses learning elearning",
    "coaching": "mentoring mentor mentors coach",
    "benefit": "benefits outcome outcomes",
    "risk": "threat threats",
    "issue": "problem problems",
    "governance": "assurance compliance compliant comply conformance",
    "status": "progress health",
    "report": "reporting reports dashboard dashboards briefing briefings",
    "proposal": "proposals idea ideas intake pipeline",
    "executive": "executives board leadership",
    "strategy": "strategic strategies strategically",
    "dependency": "interdependency interdependencies",
    "supplier": "suppliers vendor vendors",
    "method": "methodology methodologies",
}

# Words nearly every PMO text uses: they say nothing about which objective a service serves.
PMO_COMMON_WORDS = frozenset({
    "pmo", "service", "services", "provide", "provides", "provided", "providing",
    "offer", "offers", "project", "projects",
})
