"""Auditing a PMO's service catalogue against its mandate: links, findings, scores.

Pure analysis on the domain model of `catalogue`; never imports Streamlit, nor any
output format (charts, workbooks, PDF: those live in `reports`). The entry point is
`run_audit(catalogue, config, explicit_overrides) -> AuditResult`.

The names below load their module on first use, so `import audit.config` (or printing
the rules) does not pay for the text-similarity libraries.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "AuditConfig": "config", "ConfigError": "config", "config_from_mapping": "config",
    "config_keys": "config", "load_config": "config",
    "run_audit": "engine",
    "AuditOverrides": "model", "AuditResult": "model", "ConfirmedLinks": "model",
    "CustomerCoverage": "model", "Finding": "model", "FindingCode": "model",
    "FindingSeverity": "model", "Headline": "model", "Link": "model", "LinkKind": "model",
    "LinkSource": "model", "ObjectiveCoverage": "model", "Recommendation": "model",
    "ServiceAssessment": "model", "Summary": "model",
}

__all__ = [
    "AuditConfig",
    "AuditOverrides",
    "AuditResult",
    "ConfigError",
    "ConfirmedLinks",
    "CustomerCoverage",
    "Finding",
    "FindingCode",
    "FindingSeverity",
    "Headline",
    "Link",
    "LinkKind",
    "LinkSource",
    "ObjectiveCoverage",
    "Recommendation",
    "ServiceAssessment",
    "Summary",
    "config_from_mapping",
    "config_keys",
    "load_config",
    "run_audit",
]


def __getattr__(name: str) -> Any:
    """Load a public name's module when the name is first used."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'audit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # what static tools should see
    from .config import AuditConfig, ConfigError, config_from_mapping, config_keys, load_config
    from .engine import run_audit
    from .model import (
        AuditOverrides,
        AuditResult,
        ConfirmedLinks,
        CustomerCoverage,
        Finding,
        FindingCode,
        FindingSeverity,
        Headline,
        Link,
        LinkKind,
        LinkSource,
        ObjectiveCoverage,
        Recommendation,
        ServiceAssessment,
        Summary,
    )
