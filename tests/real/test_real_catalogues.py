"""The five real workbooks in ../shared/real_catalogues, read as a person reads them.

These expectations were written down from opening each workbook by hand, before the
importer changed: which sheet holds the catalogue, how many services it lists, which
column gives each service's name, ID, owner, customers and demand, and what a reader
would set aside (title blocks, sub-category rows, flags that are not catalogue fields).
"""

from __future__ import annotations

from collections import Counter

import pytest

from catalogue.model import IssueCode, ServiceStatus

from .conftest import imported

BARBADOS = "barbados_gov_services.xlsx"
MEXICO = "mx_inr_tic_catalogo_servicios_2015.xlsx"
ESD = "uk_esd_council_services_list.xlsx"
EMISSIONS = "uk_council_emissions_related_services.xlsx"
GSA = "gsa_it_standards_profile.xlsx"
ALL = (BARBADOS, MEXICO, ESD, EMISSIONS, GSA)

# Written before the importer learnt to read them; each xfail goes as the code catches up.
pytestmark = []


def _issues(result, code: IssueCode, **where):
    return [i for i in result.issues if i.code is code
            and all(getattr(i, k) == v for k, v in where.items())]


# ---------------------------------------------------------------- Barbados: eleven sheets

def test_barbados_reads_the_master_list_of_748_services():
    result = imported(BARBADOS)
    services = result.catalogue.services
    assert {s.sheet for s in services} == {"Government Services - Master Li"}
    assert len(services) == 748  # every row of the master list, 11 of them without a name
    first = services[0]
    assert first.id == "1"  # ID, written 1.0 by the spreadsheet
    assert first.name.startswith("Application for an approved Vanity Plate")  # Service
    assert first.description.startswith("Citizens will soon be able")  # Service Description
    assert first.owner == "Barbados Licensing Authority"  # Department or Agency, not Ministry
    assert first.customers == ("Citizens",)  # Primary Beneficiary
    assert first.demand == 1  # Volume
    assert services[1].customers == ("Citizens", "Businesses")  # "Citizens & Businesses"


def test_barbados_says_what_it_set_aside():
    result = imported(BARBADOS)
    ignored = {i.sheet for i in _issues(result, IssueCode.SHEET_IGNORED)}
    # The working lists that also name services are pointed out, not silently dropped.
    assert {"List of Services", "Services identified in workshop"} <= ignored
    # Ministry competes with Department or Agency for the owner: said once.
    ministry = [i for i in result.issues if i.column == "Ministry"]
    assert len(ministry) == 1 and "owner" in ministry[0].message.lower()
    # 'TBD' volumes are not known yet: read as no demand, not as an error.
    assert not [i for i in result.issues if i.column == "Volume"]
    assert sum(s.demand is None for s in result.catalogue.services) >= 23 + 285
    # A yes/no column whose header mentions the service is not a second name.
    candidate = [i for i in result.issues if i.column == "Service candidate"]
    assert len(candidate) == 1 and candidate[0].code is IssueCode.UNKNOWN_COLUMN
    # The eleven rows that describe a service without naming it: one issue, counted.
    unnamed = _issues(result, IssueCode.MISSING_NAME)
    assert len(unnamed) == 1 and "11" in unnamed[0].message
    assert sum(s.name.startswith("Unnamed service") for s in result.catalogue.services) == 11


def test_barbados_other_sheet_by_choice():
    result = imported(BARBADOS, sheet="Services identified in workshop")
    services = result.catalogue.services
    assert len(services) == 100
    assert services[0].name == "Notarising documents"
    assert services[0].owner == "Amanda Forde"  # Service owner, before Service manager


# ---------------------------------------------------------------- Mexico: Spanish, title block

def test_mexico_reads_23_services_below_the_title_block():
    result = imported(MEXICO)
    services = result.catalogue.services
    assert {s.sheet for s in services} == {"Enero"}
    assert [s.id for s in services] == [str(n) for n in range(1, 24)]  # ID SERV
    first = services[0]
    assert first.name == "Computo de usuario final"  # CATEGORIA DEL SERVICIO
    assert first.row == 38
    assert first.description.startswith("Asesoría en el uso")  # DESCRIPCION GENERAL
    assert first.owner == "DGAIT"  # RESPONSABLE DEL SERVICIO
    assert first.status is ServiceStatus.ACTIVE  # ESTADO DEL SERVICIO: ACTIVO
    assert first.customers == ("TODAS LAS AREAS",)  # COBERTURA DEL SERVICIO
    assert not any(s.name.startswith(("INSTITUTO", "PORTAFOLIO", "Unnamed")) for s in services)


def test_mexico_sets_aside_the_sub_category_rows_and_names_the_other_months():
    result = imported(MEXICO)
    details = [i for i in _issues(result, IssueCode.ROW_SKIPPED) if i.sheet == "Enero"]
    assert len(details) == 1
    assert "sub" in details[0].message.lower() or "detail" in details[0].message.lower()
    ignored = {i.sheet for i in _issues(result, IssueCode.SHEET_IGNORED)}
    assert {"Febrero", "PRUEBA", "Hoja2"} <= ignored
    february = imported(MEXICO, sheet="Febrero").catalogue.services
    assert {s.sheet for s in february} == {"Febrero"}
    assert february[0].name == "Computo de usuario final"
    assert "Call Center" in {s.name for s in february}


# ---------------------------------------------------------------- ESD: a plain list

def test_esd_list_header_is_the_first_row_not_a_data_row():
    result = imported(ESD)
    services = result.catalogue.services
    assert len(services) == 1002  # none lost above a wrongly chosen header
    first = services[0]
    assert (first.id, first.name, first.row) == ("1614", "16 to 19 bursary fund", 2)  # Identifier, Label
    assert first.description.startswith("Those aged between 16 and 19")
    assert "Service" not in {s.name for s in services}  # Type is not the name
    statuses = Counter(s.status for s in services)
    assert statuses == {ServiceStatus.ACTIVE: 978, ServiceStatus.RETIRED: 24}  # Live, Discontinued


# ---------------------------------------------------------------- emissions: flags by role

def test_emissions_subset_keeps_labels_and_reports_the_role_flags():
    result = imported(EMISSIONS)
    services = result.catalogue.services
    assert len(services) == 226
    assert (services[0].id, services[0].name) == ("1152", "Abandoned shopping trolleys")
    assert not any(s.name in {"1", "2"} for s in services)  # the flags are not names
    for flag in ("Services/Direct", "Regulation/Data", "Placemaking"):
        assert len([i for i in result.issues if i.column == flag]) == 1, flag


# ---------------------------------------------------------------- GSA: a technology register

def test_gsa_register_reads_standards_as_services():
    result = imported(GSA)
    services = result.catalogue.services
    assert len(services) == 998
    first = services[0]
    assert (first.name, first.category) == ("AcroPlot Suite", "Other")  # Standard Name, Category
    assert first.status is ServiceStatus.ACTIVE  # Approved
    assert services[1].category is None  # "-" is no category
    statuses = Counter(s.status for s in services)
    assert statuses[ServiceStatus.RETIRING] == 96  # Sunsetting
    assert statuses[None] == 161 + 10  # Denied, Exception: not service statuses, said once
    assert len([i for i in result.issues if i.column == "Status"]) == 1
    assert all(s.last_reviewed is None and s.last_delivered is None for s in services)


# ---------------------------------------------------------------- all five

@pytest.mark.parametrize("name", ALL)
def test_no_more_than_one_issue_per_column_per_kind(name):
    result = imported(name)
    counts = Counter((i.code, i.sheet, i.column) for i in result.issues)
    assert [key for key, count in counts.items() if count > 1] == []
