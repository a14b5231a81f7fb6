"""The export page: the downloads exist, and the files behind them are what they claim.

AppTest shows a download button's label and key but not its bytes (they sit in a mock
media store), so the bytes are checked through the functions that make them.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import types
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from audit import AuditConfig, AuditOverrides, ConfirmedLinks, run_audit
from audit.model import AuditResult
from catalogue import import_catalogue
from catalogue.model import Objective
from catalogue.writer import write_catalogue
from tests.app.markdown import shown
from ui import export_page as ep

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_catalogues" / "coaching_story.xlsx"
EXPORT_PAGE = "app_pages/export.py"


def _audit(overrides: AuditOverrides) -> AuditResult:
    imported = import_catalogue(SAMPLE.read_bytes(), filename=SAMPLE.name)
    return run_audit(imported.catalogue, AuditConfig(), overrides)


def comparable(catalogue):
    services = tuple(dataclasses.replace(s, sheet=None, row=None) for s in catalogue.services)
    return dataclasses.replace(catalogue, services=services, source="")


@pytest.fixture(scope="module")
def decisions() -> AuditOverrides:
    """A workshop's work: an objective added, a customer renamed, links confirmed.

    The renamed customer is one no service names: renaming a customer that services name
    leaves their old name on the services (the mandate page's business, not the export's).
    """
    base = import_catalogue(SAMPLE.read_bytes(), filename=SAMPLE.name).catalogue
    objectives = (*base.objectives,
                  Objective("OBJ-04", "Give the Executive Board one view of all change"))
    customers = tuple(dataclasses.replace(c, name="Benefit realisation leads")
                      if c.name == "Benefits owners" else c for c in base.customers)
    return AuditOverrides(
        links={"CPO-01": ConfirmedLinks(objectives=("OBJ-04",), customers=("Investment Board",)),
               "CPO-02": ConfirmedLinks(objectives=None, customers=("Benefit realisation leads",),
                                        rejected_objectives=("OBJ-03",))},
        objectives=objectives, customers=customers,
    )


def open_export(**session) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in session.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(EXPORT_PAGE).run()
    assert not app.exception
    return app


def download_keys(app: AppTest) -> set[str]:
    return {button.key for button in app.get("download_button")}


# --- Pure helpers ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "fallback", "stem"), [
    ("Change Portfolio Office, Northbridge University", "x",
     "Change_Portfolio_Office_Northbridge_University"),
    ("Bureau d'Études / PMO", "x", "Bureau_d_Etudes_PMO"),
    ("../../etc/passwd", "x", "etc_passwd"),
    ('CON: <PMO> "2025"?*|', "x", "CON_PMO_2025"),
    (None, "coaching story.xlsx", "coaching_story_xlsx"),
    ("変革推進室", "", "pmo"),
])
def test_file_names_come_from_the_pmo_name_and_are_safe(name, fallback, stem):
    assert ep.file_stem(name, fallback) == stem


def test_a_long_pmo_name_gives_a_short_file_name():
    stem = ep.file_stem("Portfolio " * 40)
    assert len(stem) <= ep.STEM_LENGTH and not stem.endswith("_")


def test_confirmed_links_replace_a_services_links_and_nothing_else(decisions):
    catalogue = _audit(decisions).catalogue
    edited = ep.with_confirmed_links(catalogue, decisions.links)
    by_id = {s.id: s for s in edited.services}
    original = {s.id: s for s in catalogue.services}
    assert by_id["CPO-01"].objectives == ("OBJ-04",)
    assert by_id["CPO-01"].customers == ("Investment Board",)
    assert by_id["CPO-02"].objectives == original["CPO-02"].objectives  # None keeps them
    assert by_id["CPO-02"].customers == ("Benefit realisation leads",)
    untouched = [sid for sid in by_id if sid not in decisions.links]
    assert all(by_id[sid] == original[sid] for sid in untouched)
    assert edited.objectives == catalogue.objectives and edited.mandate == catalogue.mandate


def test_a_decided_none_empties_the_list():
    catalogue = _audit(AuditOverrides()).catalogue
    service = catalogue.services[0]
    edited = ep.with_confirmed_links(catalogue, {service.id: ConfirmedLinks(objectives=())})
    assert edited.services[0].objectives == ()
    assert edited.services[0].customers == service.customers


def test_the_edited_catalogue_imports_again_to_the_same_thing(decisions):
    result = _audit(decisions)
    edited = ep.with_confirmed_links(result.catalogue, decisions.links)
    back = import_catalogue(write_catalogue(edited), filename="edited.xlsx").catalogue
    assert comparable(back) == comparable(edited)
    assert back.objective("OBJ-04") is not None
    assert "Benefit realisation leads" in [c.name for c in back.customers]
    # ... and auditing it again gives the same recommendations as the audit in the app.
    again = run_audit(back, AuditConfig(as_of=result.as_of))
    assert [s.recommendation for s in again.services] == [
        s.recommendation for s in result.services]


def test_decisions_a_workbook_cannot_hold_are_said(decisions):
    notes = ep.decisions_a_workbook_cannot_hold(decisions.links)
    assert len(notes) == 1 and "CPO-02" in notes[0]
    assert ep.decisions_a_workbook_cannot_hold({}) == []
    none = ep.decisions_a_workbook_cannot_hold({"S-1": ConfirmedLinks(objectives=())})
    assert "no link" in none[0]


def test_the_audit_report_is_a_workbook_with_the_audit_in_it():
    report = ep.excel_report(_audit(AuditOverrides()))
    workbook = openpyxl.load_workbook(io.BytesIO(report), read_only=True)
    assert {"Summary", "Findings", "Services"} <= set(workbook.sheetnames)


# --- The page, headless --------------------------------------------------------------------

def test_the_page_offers_the_edited_catalogue_with_a_file_name_from_the_pmo():
    app = open_export()
    assert "export_catalogue" in download_keys(app)
    button = next(b for b in app.get("download_button") if b.key == "export_catalogue")
    assert button.proto.url.endswith(".xlsx")
    assert app.button(key="export_summary_make").label == "Make the summary (HTML and PDF)"


def test_the_page_says_what_a_workbook_cannot_hold(decisions):
    app = open_export(overrides=decisions)
    captions = shown(" ".join(c.value for c in app.caption))
    assert "2 service(s) so far" in captions
    assert "Suggestions rejected for 1 service(s) (CPO-02)" in captions


def test_the_page_offers_the_audit_report():
    assert "export_report" in download_keys(open_export())


@pytest.fixture
def fake_summary(monkeypatch):
    """A stand-in for reports.summary, so the page's own behaviour is tested on its own."""
    fake = types.SimpleNamespace(fail=False, calls=[])

    def summary_documents(result, *, progress):
        fake.calls.append("documents")
        progress(0.5, "Drawing chart 1 of 2…")
        if fake.fail:
            raise RuntimeError("PDF export needs Chromium; install it with apt-get install "
                               "chromium")
        return types.SimpleNamespace(html="<html>summary</html>", pdf=b"%PDF-1.7 one page")

    fake.summary_documents = summary_documents
    fake.summary_html = lambda result, interactive=False: "<html>interactive</html>"
    monkeypatch.setattr(ep, "summary_module", lambda: (fake, None))
    return fake


def test_the_summary_is_made_on_request_then_offered_until_the_audit_changes(fake_summary):
    app = open_export()
    assert "export_summary_interactive" in download_keys(app), "needs no browser: always there"
    assert not {"export_summary_html", "export_summary_pdf"} & download_keys(app)
    assert fake_summary.calls == [], "nothing is drawn before the user asks"
    app.button(key="export_summary_make").click().run()
    assert not app.exception
    assert {"export_summary_html", "export_summary_pdf"} <= download_keys(app)
    assert app.session_state[ep.SUMMARY_STATE].pdf.startswith(b"%PDF")
    app.run()  # another draw: the summary made is still offered, not made again
    assert {"export_summary_html", "export_summary_pdf"} <= download_keys(app)
    assert fake_summary.calls == ["documents"]
    app.session_state["config"] = AuditConfig(review_period_months=6)
    app.run()
    assert "export_summary_pdf" not in download_keys(app)
    assert any("changed since the summary" in c.value for c in app.caption)


def test_a_summary_that_cannot_be_made_says_what_to_do(fake_summary):
    fake_summary.fail = True
    app = open_export()
    app.button(key="export_summary_make").click().run()
    assert not app.exception
    assert "apt-get install chromium" in shown(app.error[0].value)
    assert "interactive HTML" in app.error[0].value
    assert "export_summary_pdf" not in download_keys(app)
    assert "export_summary_interactive" in download_keys(app)


def test_progress_is_passed_on_from_the_work_thread_to_the_caller():
    import threading

    seen: list[tuple[float, str, bool]] = []
    caller = threading.current_thread()

    def work(progress):
        for step in (0.25, 0.75):
            progress(step, f"step {step}")
        return threading.current_thread() is not caller

    ran_elsewhere = ep.with_progress(
        work, lambda f, w: seen.append((f, w, threading.current_thread() is caller)))
    assert ran_elsewhere
    assert seen == [(0.25, "step 0.25", True), (0.75, "step 0.75", True)]
    with pytest.raises(ValueError, match="no chart"):
        ep.with_progress(lambda progress: (_ for _ in ()).throw(ValueError("no chart")),
                         lambda f, w: None)


@pytest.mark.skipif(shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists(),
                    reason="the sponsor summary needs Chromium")
def test_the_real_summary_is_made_through_the_page():
    app = open_export()
    app.button(key="export_summary_make").click().run(timeout=150)
    assert not app.exception and not app.error
    made = app.session_state[ep.SUMMARY_STATE]
    assert made.pdf.startswith(b"%PDF") and "<html" in made.html.lower()
    assert "Northbridge University" in made.html
