"""RULES.md is the rules the audit applies, in the app's words, and names every setting and code."""

from __future__ import annotations

from pathlib import Path

from audit import AuditConfig, FindingCode, config_keys
from audit.rules_text import RULE_LINES, config_explanations, rules_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_rules_md_is_up_to_date():
    """Regenerate with: .venv/bin/python -m audit --rules > RULES.md"""
    assert (ROOT / "RULES.md").read_text() == rules_markdown()


def test_every_finding_code_and_setting_is_explained():
    text = rules_markdown()
    headings = {heading for heading, _ in RULE_LINES}
    for code in FindingCode:
        assert code.value in headings
    explanations = config_explanations()
    assert config_keys()  # else the loop checks nothing
    for key in config_keys():
        assert explanations[key]
        assert f"`{key}`" in text
    rules = " ".join(line for _, line in RULE_LINES)
    for key in ("review_period_months", "suggestion_min_confidence", "effort_gap",
                "overlap_similarity", "low_value_below", "aligned_from", "valuable_from"):
        assert key in rules


def test_the_defaults_in_rules_md_are_the_config_defaults():
    text = rules_markdown()
    config = AuditConfig()
    assert f"| `review_period_months` | {config.review_period_months!r} |" in text
    assert f"| `suggestion_min_confidence` | {config.suggestion_min_confidence!r} |" in text
