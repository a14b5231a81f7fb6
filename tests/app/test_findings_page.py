"""The findings page: findings grouped and filtered, the services table, and the rules panel.

Pure helpers are tested on the default sample's audit; the page itself headless with
AppTest, including changing a threshold through the form and seeing the audit change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from audit import AuditConfig, ConfigError, FindingCode, FindingSeverity, config_keys, run_audit
from audit.model import AuditResult
from catalogue import import_catalogue
from ui import findings_page as fp
from ui import rules

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_catalogues" / "coaching_story.xlsx"
FINDINGS_PAGE = "app_pages/findings.py"


@pytest.fixture(scope="module")
def result() -> AuditResult:
    imported = import_catalogue(SAMPLE.read_bytes(), filename=SAMPLE.name)
    return run_audit(imported.catalogue, AuditConfig(as_of=dt.date(2026, 1, 15)))


@pytest.fixture(scope="module")
def names(result) -> fp.Names:
    return fp.Names.of(result)


def open_findings() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page(FINDINGS_PAGE).run()
    assert not app.exception
    return app


def group_labels(app: AppTest) -> list[str]:
    return [e.label for e in app.expander if not e.label.startswith("How the audit decides")]


def recommendations_shown(app: AppTest) -> list[str]:
    table = app.dataframe(key="findings_services_table").value
    return list(table["Recommendation"])


# --- Pure helpers ------------------------------------------------------------------------

def test_every_kind_of_finding_has_a_meaning_in_the_apps_words():
    assert set(fp.CODE_MEANINGS) == set(FindingCode)


def test_filtering_by_severity_keeps_only_those_severities(result, names):
    high = fp.filter_findings(result.findings, names, [FindingSeverity.HIGH])
    assert high and all(f.severity is FindingSeverity.HIGH for f in high)
    assert len(high) < len(result.findings)
    assert fp.filter_findings(result.findings, names, []) == []


def test_filtering_by_kind_and_no_kind_means_every_kind(result, names):
    stale = fp.filter_findings(result.findings, names, codes=[FindingCode.STALE_SERVICE])
    assert stale and {f.code for f in stale} == {FindingCode.STALE_SERVICE}
    assert fp.filter_findings(result.findings, names, codes=[]) == list(result.findings)


def test_search_finds_a_service_by_name_or_id_ignoring_case_and_spacing(result, names):
    by_name = fp.filter_findings(result.findings, names, search="  TIMESHEET   chasing ")
    by_id = fp.filter_findings(result.findings, names, search="cpo-08")
    assert by_name and by_name == by_id
    assert all("CPO-08" in f.services for f in by_name)


def test_search_finds_objectives_and_customers_too(result, names):
    benefits = fp.filter_findings(result.findings, names, search="benefits owners")
    assert any(f.code is FindingCode.CUSTOMER_NOT_SERVED for f in benefits)
    statement = fp.filter_findings(result.findings, names, search="realisation of benefits")
    assert any("OBJ-02" in f.objectives for f in statement)


def test_groups_put_the_most_severe_kinds_first_and_sort_inside(result):
    groups = fp.group_by_code(result.findings)
    ranks = [members[0].severity.rank for _, members in groups]
    assert ranks == sorted(ranks)
    for _, members in groups:
        assert [f.severity.rank for f in members] == sorted(f.severity.rank for f in members)
    assert sum(len(m) for _, m in groups) == len(result.findings)


def test_findings_name_services_and_objectives_by_name(names):
    assert names.service("CPO-01") == "“Weekly status report compilation” (CPO-01)"
    assert names.objective("OBJ-02").startswith("OBJ-02 “Track and report")
    assert names.service("NOT-THERE") == "NOT-THERE"


def test_evidence_reads_as_figures_with_units():
    table = fp.evidence_table({"effort_fte": 1.4, "effort_share": 0.1556, "gap": -0.3031,
                               "customers": ["Directors", "Boards"], "missing": [],
                               "some_new_figure": 2.0})
    shown = dict(zip(table["Figure"], table["Value"], strict=True))
    assert shown == {"Effort": "1.4 FTE", "Share of the PMO's effort": "16%",
                     "Effort share minus priority share": "−30 points",
                     "Customers": "Directors, Boards", "Missing": "none",
                     "Some new figure": "2"}


def test_the_services_table_says_when_there_is_not_enough_evidence(result):
    no_value = [s for s in result.services if s.value is None]
    service = no_value[0] if no_value else dataclasses.replace(result.services[0], value=None)
    table = fp.services_table([service, *result.services])
    assert table.loc[0, "Value"] == "not enough evidence"
    assert list(table.columns[:5]) == ["ID", "Service", "Alignment", "Value", "Recommendation"]
    assert set(table["Recommendation"]) <= {"Keep", "Improve", "Rethink", "Retire"}


def test_every_config_key_is_in_exactly_one_topic_of_the_panel():
    shown = [s.key for topic in rules.TOPICS for s in topic.settings]
    assert sorted(shown) == sorted(config_keys())


def test_the_panel_keeps_today_as_today_and_refuses_bad_combinations():
    today = dt.date(2026, 3, 1)
    config = rules.settings_to_config({"as_of": today, "aligned_from": 0.5}, AuditConfig(),
                                      today=today)
    assert config.as_of is None and config.aligned_from == 0.5
    fixed = rules.settings_to_config({"as_of": dt.date(2025, 1, 1)}, AuditConfig(), today=today)
    assert fixed.as_of == dt.date(2025, 1, 1)
    with pytest.raises(ConfigError) as refused:
        rules.settings_to_config({"suggestion_full_confidence": 0.05}, AuditConfig())
    message = rules.readable_error(refused.value)
    assert "“Confidence that counts in full”" in message
    assert "“Least confidence to suggest an objective”" in message


def test_changes_from_the_defaults_are_listed():
    assert rules.changes_from_defaults(AuditConfig()) == []
    assert rules.changes_from_defaults(AuditConfig(review_period_months=6)) == [
        "Review period (months): 12 → 6"]


# --- The page, headless --------------------------------------------------------------------

def test_the_page_shows_the_samples_findings_grouped_by_kind():
    app = open_findings()
    labels = group_labels(app)
    assert any("Service outside mandate" in label for label in labels)
    assert any("Stale service" in label for label in labels)
    messages = " ".join(m.value for m in app.markdown)
    assert "Weekly status report compilation" in messages
    assert app.get("table"), "each finding shows its evidence as a table"
    assert recommendations_shown(app), "the services table is shown"


def test_choosing_a_severity_shows_fewer_findings():
    app = open_findings()
    everything = group_labels(app)
    app.pills(key="findings_severity").set_value([FindingSeverity.HIGH]).run()
    assert not app.exception
    high_only = group_labels(app)
    assert 0 < len(high_only) < len(everything)
    assert not any("Stale service" in label for label in high_only)
    app.pills(key="findings_severity").set_value([]).run()
    assert any("No finding matches these filters" in i.value for i in app.info)


def test_searching_for_a_service_shows_only_its_findings():
    app = open_findings()
    app.text_input(key="findings_search").set_value("timesheet").run()
    assert not app.exception
    shown = [m.value for m in app.markdown if "“" in m.value]
    assert shown and all("Timesheet chasing" in m for m in shown)


def test_changing_a_threshold_in_the_panel_changes_the_audit():
    app = open_findings()
    before = recommendations_shown(app)
    app.number_input(key=rules.widget_key("aligned_from", AuditConfig())).set_value(0.05)
    app.button(key=rules.APPLY_KEY).click().run()
    assert not app.exception
    config = app.session_state["config"]
    assert config.aligned_from == 0.05
    after = recommendations_shown(app)
    assert after != before
    assert after.count("Rethink") < before.count("Rethink")
    default = AuditConfig().aligned_from
    assert any(f"Aligned from: {default:g} → 0.05" in m.value for m in app.markdown)
    # Restoring the defaults brings the first audit back.
    app.button(key=rules.RESTORE_KEY).click().run()
    assert app.session_state["config"] == AuditConfig()
    assert recommendations_shown(app) == before


def test_a_combination_the_audit_refuses_changes_nothing():
    app = open_findings()
    key = rules.widget_key("suggestion_full_confidence", AuditConfig())
    app.number_input(key=key).set_value(0.05)
    app.button(key=rules.APPLY_KEY).click().run()
    assert not app.exception
    assert "nothing changed" in app.error[0].value
    assert "“Confidence that counts in full”" in app.error[0].value
    assert "config" not in app.session_state


def test_the_rules_in_full_are_read_from_rules_md(monkeypatch, tmp_path):
    written = tmp_path / "RULES.md"
    written.write_text("# How the audit decides\n\nA service is stale after the review period.\n",
                       encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_FILE", written)
    app = open_findings()
    assert any("stale after the review period" in m.value for m in app.markdown)


def test_a_catalogue_with_no_findings_says_so(monkeypatch):
    def nothing_found(result: AuditResult) -> AuditResult:
        return dataclasses.replace(result, findings=())

    original = fp.current.audited
    monkeypatch.setattr(fp.current, "audited", lambda: nothing_found(original()))
    app = open_findings()
    assert "found nothing to raise" in app.success[0].value


def test_without_rules_md_the_rules_come_from_the_audit_itself(monkeypatch, tmp_path):
    monkeypatch.setattr(rules, "RULES_FILE", tmp_path / "missing.md")
    text = rules.rules_text()
    assert "aligned_from" in text and "<!--" not in text


def test_each_setting_explains_itself_with_its_name_in_rules_md():
    help_text = rules.setting_help("suggestion_full_confidence")
    assert "`suggestion_full_confidence`" in help_text
    assert "“Weight of a suggested link”" in help_text


def test_the_services_table_says_what_kind_of_pmo_work_each_service_is(result):
    table = fp.services_table(result.services)
    kinds = dict(zip(table["ID"], table["Kind of work"], strict=True))
    for s in result.services:
        if s.function is not None:
            assert kinds[s.service_id].endswith(")") and "(" in kinds[s.service_id]
    assert any("Monitoring and controlling" in k for k in kinds.values())
