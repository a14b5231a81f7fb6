"""The audit's settings: defaults, the config file, and what is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

import pytest

from audit import AuditConfig, ConfigError, config_from_mapping, config_keys, load_config
from audit.rules_text import example_config_toml

ROOT = Path(__file__).resolve().parents[2]


def test_every_threshold_has_a_default():
    config = AuditConfig()
    assert config.review_period_months == 12
    assert config.as_of is None
    assert config.as_of_date() == dt.date.today()
    for key in config_keys():
        assert hasattr(config, key)


def test_a_toml_file_changes_only_what_it_names(tmp_path):
    path = tmp_path / "audit.toml"
    path.write_text("as_of = 2025-06-30\nreview_period_months = 6\neffort_gap = 0.1\n")
    config = load_config(path)
    assert config.as_of == dt.date(2025, 6, 30)
    assert config.review_period_months == 6
    assert config.effort_gap == 0.1
    assert config.overlap_similarity == AuditConfig().overlap_similarity


def test_a_json_file_works_too(tmp_path):
    path = tmp_path / "audit.json"
    path.write_text('{"as_of": "2025-01-31", "suggestion_min_confidence": 0.2}')
    config = load_config(path)
    assert config.as_of == dt.date(2025, 1, 31)
    assert config.suggestion_min_confidence == 0.2
    path.write_text('{"as_of": "today", "review_period_months": 24.0}')
    config = load_config(path)
    assert config.as_of is None and config.review_period_months == 24


@pytest.mark.parametrize("text, message", [
    ("revieww_period_months = 6", "unknown config key(s): revieww_period_months"),
    ("review_period_months = 0", "review_period_months must be between 1 and 600"),
    ("review_period_months = 6.5", "must be a whole number"),
    ("effort_gap = 1.5", "effort_gap must be between 0 and 1"),
    ("effort_gap = \"big\"", "effort_gap must be a number"),
    ("effort_gap = true", "effort_gap must be a number"),
    ("as_of = \"last week\"", "as_of must be a date"),
    ("suggestion_min_confidence = 0.5\nsuggestion_full_confidence = 0.3",
     "suggestion_full_confidence must be at least suggestion_min_confidence"),
    ("value_weight_demand = 0\nvalue_weight_satisfaction = 0\nvalue_weight_demand_per_fte = 0\n"
     "value_weight_recency = 0", "the value weights cannot all be 0"),
    ("effort_gap = ", "is not valid TOML"),
    ("[audit]\neffort_gap = 0.2", "unknown config key(s): audit"),
])
def test_bad_files_are_refused_with_a_message_naming_the_problem(tmp_path, text, message):
    path = tmp_path / "audit.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(path)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="not valid JSON"):
        load_config(bad)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError):
        load_config(binary)


def test_config_from_mapping_keeps_a_base():
    base = AuditConfig(effort_gap=0.3)
    config = config_from_mapping({"review_period_months": 3}, base)
    assert (config.effort_gap, config.review_period_months) == (0.3, 3)
    with pytest.raises(ConfigError):
        config_from_mapping(["not", "a", "table"])  # type: ignore[arg-type]


def test_the_constructor_refuses_bad_values():
    with pytest.raises(ConfigError):
        AuditConfig(aligned_from=2.0)
    with pytest.raises(ConfigError):
        AuditConfig(overlap_similarity=float("nan"))


def test_the_example_file_lists_every_setting_with_its_default():
    path = ROOT / "audit_config.example.toml"
    assert path.read_text() == example_config_toml()
    values = tomllib.loads(path.read_text())
    assert list(values) == list(config_keys())
    assert load_config(path) == AuditConfig()
    defaults = AuditConfig().to_json()
    for key, value in values.items():
        assert value == ("today" if defaults[key] is None else defaults[key])
    assert dataclasses.fields(AuditConfig)
