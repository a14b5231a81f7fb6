"""Every page, headless, with a workbook, names and values built to be rendered as markup.

The catalogue's PMO name, mandate statement, sponsor, objectives, customers, services and
a sheet name, the uploaded file's name, a participant's name, a conflicting value and a
snapshot name all carry Markdown emphasis, an image and a link to another host, a
`:red[...]` directive, HTML tags and entities and LaTeX. Each page is walked and every
string Streamlit would render as Markdown (headings, captions, Markdown, alerts, toasts,
labels, help, tab and expander labels, metric labels) is checked: the payload appears
only escaped (`ui.literal.md_escape`), and where a page shows it, it shows exactly that.
A browser pass over the main pages is tests/browser/test_hostile_text.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from tests.catalogue.workbooks import CUSTOMER_ROWS, OBJECTIVE_ROWS, SERVICE_HEADER, build
from ui.literal import md_escape
from workshop.store import WorkshopStore, default_path

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = "evil.example"

PAYLOAD = (f'**B** ![i](http://{EVIL}/i.png) [Sign in again](http://{EVIL}/login) '
           f':red[R] <img src="http://{EVIL}/h.png"> <b>H</b> &amp; $x$')
# Texts a workbook splits on separators (customers) or a sheet name cannot hold ([]:*?/\)
SHORT_PAYLOAD = "**C** <b>C<b> $c$ ~~c~~ &amp;"
PMO_NAME = f"PMO {PAYLOAD}"
STATEMENT = f"Mandate {PAYLOAD}"
SPONSOR = f"Sponsor {PAYLOAD}"
OBJECTIVE = f"Objective {PAYLOAD}"
CUSTOMER = f"Customer {SHORT_PAYLOAD}"
SERVICE = f"Service {PAYLOAD}"
SERVICE_ID = "<b>S1</b>"
OTHER = "bare.invalid"  # another host, so the service shares no words with the objectives
BARE_URL = f"see https://{OTHER}/page, www.{OTHER} or help@{OTHER}"
STOPPED = f"Template upkeep ({BARE_URL})"  # outside the mandate: the sponsor sees it stop
SHEET = "Notes <b>S<b> $x$ ~~s~~ &amp;"  # a sheet name has no room for more
FILE_NAME = f"**F** [f](http://{EVIL}/f) <img src=x> :red[F].xlsx"
PARTICIPANT = f"**N** [n](http://{EVIL}/n) :red[N] <b>N</b>"
THEIR_VALUE = f'<img src="http://{EVIL}/v.png"> **V** [v](http://{EVIL}/v)'
SNAPSHOT = f"**Snap** ![s](http://{EVIL}/s.png) :red[S] <b>S</b>"
COLUMN = f"**Col** [c](http://{EVIL}/c) :red[C]"  # a header the importer does not know

# Markup that must never reach Streamlit unescaped (escaped, each is broken by a backslash
# or an invisible joiner, so none of these strings occurs in it).
RAW = ("](http", ":red[", "**B**", "**N**", "**F**", "**V**", "**C**", "**Snap**", "**Col**",
       "http://",
       "https://", "www.evil", "@evil", "www.bare", "@bare")
UNESCAPED = re.compile(r"(?<!\\)(<img|<b>|</b>|&amp;|\$[xc]\$|~~)")
LITERAL_ELEMENTS = {"text", "code", "plotly_chart", "arrow_data_frame", "dataframe", "table",
                    "arrow_table", "json", "exception"}
PLAIN_FIELDS = {"id", "form_id", "options", "default", "value", "placeholder",
                "default_value", "raw_value", "data", "spec", "url", "file_name"}


def hostile_workbook(tmp_path: Path) -> bytes:
    mandate = [["Field", "Value"], ["PMO name", PMO_NAME], ["PMO type", "Supportive"],
               ["Mandate statement", STATEMENT], ["Sponsor", SPONSOR]]
    objectives = [*OBJECTIVE_ROWS, ["O4", OBJECTIVE, 2, f"Measure {PAYLOAD}", "Short term"]]
    customers = [*CUSTOMER_ROWS, [CUSTOMER, 2, f"Expect {PAYLOAD}"]]
    services = [
        [*SERVICE_HEADER, COLUMN],
        [SERVICE_ID, SERVICE, f"{PAYLOAD} {BARE_URL}", CUSTOMER, "O4", f"Owner {PAYLOAD}",
         2.0, 1000, 2, "2020-01-01", PAYLOAD],
        ["S2", "Gate reviews", "Stage gate reviews", "Portfolio board", "O1", "Ann", 1.0,
         5000, 4, "2026-01-01"],
        ["S3", STOPPED, "Keep templates current", "Project managers", "", "Bo", 1.5,
         2000, 2, "2021-01-01"],
        ["S4", "Benefits tracking", "Track benefits", "Project sponsors", "O2", "Cy", 0.5,
         1000, 5, "2026-06-01"],
    ]
    return build(tmp_path, {"Mandate": mandate, "Objectives": objectives,
                            "Customers": customers, "Services": services,
                            SHEET: [["A note", PAYLOAD]]})


def unreadable_workbook(tmp_path: Path) -> bytes:
    """A workbook whose only sheet (named with the payload) holds no list of services."""
    return build(tmp_path, {SHEET: [["Just a note"], [PAYLOAD]]}, name="unreadable.xlsx")


# --- reading what a page would render as Markdown ----------------------------------------

def _strings(value: object, field: str = "") -> list[str]:
    if isinstance(value, str):
        return [] if field in PLAIN_FIELDS else [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v, field)]
    return []


def markdown_strings(app: AppTest) -> list[str]:
    """Every string of the page (main, sidebar, toasts) that Streamlit renders as Markdown."""
    found: list[str] = []

    def walk(node: object) -> None:
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is not None and kind not in LITERAL_ELEMENTS:
            fields = MessageToDict(proto, preserving_proto_field_name=True)
            if kind == "radio":  # a radio's options are Markdown, a selectbox's are not
                found.extend(fields.pop("options", []))
            found.extend(_strings(fields))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return found


def assert_shown_literally(app: AppTest, *expected: str) -> list[str]:
    """No payload reaches Markdown unescaped; each expected text is shown, escaped."""
    assert not app.exception, [e.value for e in app.exception]
    texts = markdown_strings(app)
    assert texts, "the page rendered nothing"
    for text in texts:
        for raw in RAW:
            assert raw not in text, f"{raw!r} unescaped in {text!r}"
        assert not UNESCAPED.search(text), text
    everything = "\n".join(texts)
    for wanted in expected:
        assert md_escape(wanted) in everything, f"{wanted!r} not shown (escaped) on the page"
    return texts


def uploaded(tmp_path: Path, data: bytes, page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    app.file_uploader(key="sidebar_upload").set_value((FILE_NAME, data, XLSX)).run()
    if page:
        app.switch_page(page).run()
    return app


# --- the pages ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> bytes:
    return hostile_workbook(tmp_path_factory.mktemp("hostile"))


def test_the_payload_is_a_real_catalogue_that_imports(workbook):
    from catalogue import import_catalogue
    catalogue = import_catalogue(workbook, filename=FILE_NAME).catalogue
    assert catalogue.mandate.pmo_name == PMO_NAME
    assert {s.name for s in catalogue.services} >= {SERVICE}
    assert CUSTOMER in {c.name for c in catalogue.customers}


def test_the_overview_shows_the_pmo_name_and_mandate_as_written(tmp_path, workbook):
    app = uploaded(tmp_path, workbook)
    assert_shown_literally(app, PMO_NAME, STATEMENT)
    assert app.title[0].value == md_escape(PMO_NAME)
    assert app.caption[0].value.endswith(md_escape(STATEMENT))


@pytest.mark.parametrize("page", [
    "app_pages/charts.py", "app_pages/import.py", "app_pages/mandate.py",
    "app_pages/links.py", "app_pages/export.py", "app_pages/compare.py",
    "app_pages/workshop.py",
])
def test_every_editing_page_shows_the_workbooks_text_literally(tmp_path, workbook, page):
    app = uploaded(tmp_path, workbook, page)
    assert_shown_literally(app)


def test_the_import_page_names_an_unknown_column_as_written(tmp_path, workbook):
    app = uploaded(tmp_path, workbook, "app_pages/import.py")
    assert_shown_literally(app, COLUMN)
    assert f"Column '{md_escape(COLUMN)}'" in [s.label for s in app.selectbox]


def test_findings_name_the_hostile_service_escaped(tmp_path, workbook):
    app = uploaded(tmp_path, workbook, "app_pages/findings.py")
    assert_shown_literally(app, SERVICE, SERVICE_ID)


def test_the_sponsor_view_shows_the_mandate_and_stops_literally(tmp_path, workbook):
    app = uploaded(tmp_path, workbook)
    app.query_params["view"] = "sponsor"
    app.run()
    texts = assert_shown_literally(app, PMO_NAME, STATEMENT, SPONSOR, STOPPED)
    assert app.title[0].value == md_escape(PMO_NAME)
    # the bare addresses in service text are broken, and no stray backslash is shown
    assert not any("\\\\" in t for t in texts)


def test_an_import_error_names_the_file_and_sheet_literally(tmp_path):
    app = uploaded(tmp_path, unreadable_workbook(tmp_path))
    assert_shown_literally(app, FILE_NAME, SHEET)
    assert app.error, "the import error is shown"
    assert app.error[0].value.startswith(f"**{md_escape(FILE_NAME + ' could not be imported.')}**")


# --- the workshop: participants, conflicts, snapshots, compare, sponsor link -------------

def _workshop(tmp_path: Path, workbook: bytes) -> tuple[AppTest, str]:
    app = uploaded(tmp_path, workbook, "app_pages/workshop.py")
    app.button(key="workshop_start").click().run()
    assert not app.exception, [e.value for e in app.exception]
    found = app.query_params["workshop"]
    workshop_id = found[0] if isinstance(found, list) else found
    app.sidebar.text_input(key="workshop_author").set_value(PARTICIPANT).run()
    return app, workshop_id


def _open(workshop_id: str, page: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.query_params["workshop"] = workshop_id
    app.run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_a_workshop_with_hostile_names_shows_them_literally_everywhere(tmp_path, workbook):
    app, workshop_id = _workshop(tmp_path, workbook)
    assert_shown_literally(app, PMO_NAME, FILE_NAME, SERVICE, SERVICE_ID)

    # a snapshot named with the payload: its toast, the compare page, the sponsor view
    app.text_input(key="workshop_snapshot_name").set_value(SNAPSHOT)
    app.button(key="workshop_snapshot_save").click().run()
    assert [t.value for t in app.toast] == [f"Snapshot “{md_escape(SNAPSHOT)}” saved."]
    assert_shown_literally(app)

    # a conflict: the other participant's name and value, shown to this tab
    other = _open(workshop_id, "app_pages/workshop.py")
    other.selectbox(key="workshop_service").set_value(SERVICE_ID).run()
    app.selectbox(key="workshop_service").set_value(SERVICE_ID).run()
    app.radio(key=f"workshop_kind_{SERVICE_ID}").set_value("retire").run()
    app.text_input(key=f"workshop_owner_{SERVICE_ID}").set_value(THEIR_VALUE).run()
    other.text_input(key=f"workshop_owner_{SERVICE_ID}").set_value("Mine").run()
    assert other.warning, "the conflict is shown"
    assert_shown_literally(other, PARTICIPANT, THEIR_VALUE)

    compare = _open(workshop_id, "app_pages/compare.py")
    assert_shown_literally(compare, SNAPSHOT)
    assert compare.subheader[0].value.startswith(md_escape(SNAPSHOT))

    store = WorkshopStore(str(default_path()))
    sponsor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    sponsor.query_params["sponsor"] = store.sponsor_token(workshop_id)
    sponsor.run()
    texts = assert_shown_literally(sponsor, PMO_NAME, STATEMENT, SNAPSHOT, THEIR_VALUE)
    assert not any("\\\\" in t for t in texts)


def test_a_new_version_that_cannot_be_read_is_shown_literally_to_everyone(tmp_path, workbook):
    app, workshop_id = _workshop(tmp_path, workbook)
    bad = unreadable_workbook(tmp_path)
    app.sidebar.file_uploader(key="sidebar_new_version").set_value((FILE_NAME, bad, XLSX)).run()
    app.button(key="sidebar_use_version").click().run()
    assert_shown_literally(app, FILE_NAME, SHEET)
    assert app.error, "the import error is shown"

    store = WorkshopStore(str(default_path()))
    sponsor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    sponsor.query_params["sponsor"] = store.sponsor_token(workshop_id)
    sponsor.run()
    assert_shown_literally(sponsor, FILE_NAME, SHEET)
    assert sponsor.error
