"""Layouts met in real catalogues (issue 12), built here, each read as a person reads it.

Each pattern the real files showed is here at least once, and each of the seven
languages: snake_case and camelCase headers, bilingual column pairs, words outside the
template's vocabulary, a telling word that over-matches ("feedback"), a plain list whose
Type column says "Service" on every row, a title block above the header, a merged group
row over repeated names, instruction rows under the header, lists joined with "<>",
one row per fiscal year, several service-like sheets, and headers in French, German,
Spanish, Portuguese, Italian and Dutch.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from catalogue import import_catalogue
from catalogue.model import IssueCode, ServiceStatus, Severity

from .workbooks import build

LAYOUTS: dict[str, dict] = {}


def layout(name: str, sheets: dict[str, list[list]], **build_options) -> str:
    LAYOUTS[name] = {"sheets": sheets, **build_options}
    return name


def read(tmp_path, name: str, **options):
    spec = dict(LAYOUTS[name])
    sheets = spec.pop("sheets")
    return import_catalogue(build(tmp_path, sheets, **spec), filename=f"{name}.xlsx", **options)


def issues(result, code: IssueCode, column: str | None = None):
    return [i for i in result.issues if i.code is code and (column is None or i.column == column)]


# ---------------------------------------------------------------- headers outside the vocabulary

SNAKE = layout("snake_case", {"services": [
    ["service_id", "service_name", "owner_org", "client_target_groups", "annual_volume"],
    ["GC-1", "Passport renewal", "Passport Office", "Individuals<>Businesses", "1200"],
    ["GC-2", "Business number", "Revenue Agency", "Businesses", "300"],
]})


def test_snake_case_headers_and_lists_joined_with_angle_brackets(tmp_path):
    result = read(tmp_path, SNAKE)
    first, second = result.catalogue.services
    assert (first.id, first.name, first.owner) == ("GC-1", "Passport renewal", "Passport Office")
    assert first.customers == ("Individuals", "Businesses")
    assert (first.demand, second.demand) == (1200, 300)
    assert not issues(result, IssueCode.UNKNOWN_COLUMN)


CAMEL = layout("camelCase", {"Inventory": [
    ["serviceId", "serviceName", "serviceOwner", "targetGroups", "usagePerQuarter"],
    ["A1", "Gate reviews", "Ana", "Sponsors", 12],
    ["A2", "Schedule checks", "Ben", "Project managers", 30],
]})


def test_camel_case_headers(tmp_path):
    services = read(tmp_path, CAMEL).catalogue.services
    assert [(s.id, s.name, s.owner, s.customers, s.demand) for s in services] == [
        ("A1", "Gate reviews", "Ana", ("Sponsors",), 12),
        ("A2", "Schedule checks", "Ben", ("Project managers",), 30)]


BILINGUAL = layout("bilingual", {"Services": [
    ["Identifier", "Name (English)", "Name (French)", "Description (English)",
     "Description (French)", "Competent authority", "Beneficiaries"],
    ["1", "Fishing licence", "Permis de pêche", "Licence to fish", "Permis pour pêcher",
     "Fisheries", "Citizens"],
    ["2", "Boat registration", "Immatriculation de bateau", "Register a boat",
     "Immatriculer un bateau", "Transport", "Citizens; Businesses"],
]})


def test_bilingual_pairs_take_one_language_and_say_so(tmp_path):
    result = read(tmp_path, BILINGUAL)
    first = result.catalogue.services[0]
    assert (first.id, first.name, first.description) == ("1", "Fishing licence", "Licence to fish")
    assert (first.owner, first.customers) == ("Fisheries", ("Citizens",))
    for french in ("Name (French)", "Description (French)"):
        (said,) = [i for i in result.issues if i.column == french]
        assert said.code is IssueCode.UNKNOWN_COLUMN and "more surely" in said.message


@pytest.mark.parametrize("header", ["Applications", "Enquiries", "Visits", "Usage per quarter",
                                    "Volume"])
def test_demand_under_its_real_names(tmp_path, header):
    data = build(tmp_path, {"Services": [["Programme name", "Provider", header],
                                         ["Grants", "Council", 40], ["Loans", "Bank", "55"]]})
    services = import_catalogue(data).catalogue.services
    assert [(s.name, s.owner, s.demand) for s in services] == [
        ("Grants", "Council", 40), ("Loans", "Bank", 55)]


REVIEW_YEAR = layout("review_year", {"Services": [
    ["Product Name", "Service manager", "Eligibility", "Year of last service review"],
    ["Road permits", "Dana", "Hauliers", 2023], ["Street parties", "Eli", "Residents", 2019],
]})


def test_year_of_last_review_is_a_review_date(tmp_path):
    services = read(tmp_path, REVIEW_YEAR).catalogue.services
    assert [s.last_reviewed for s in services] == [dt.date(2023, 1, 1), dt.date(2019, 1, 1)]
    assert [(s.owner, s.customers) for s in services] == [("Dana", ("Hauliers",)),
                                                          ("Eli", ("Residents",))]


# ---------------------------------------------------------------- one word over-matching

FEEDBACK = layout("feedback", {"Services": [
    ["Service", "Feedback", "Feedback channels", "Feedback year"],
    *[[f"Service {n}", "Y" if n % 2 else "N", "Email; Phone", 2020 + n % 4] for n in range(40)],
]})


def test_a_telling_word_does_not_map_a_column_its_values_refute(tmp_path):
    result = read(tmp_path, FEEDBACK)
    assert len(result.catalogue.services) == 40
    assert all(s.satisfaction is None for s in result.catalogue.services)
    assert not result.errors  # not a flood of "cannot read a score" errors
    (flag,) = issues(result, IssueCode.UNKNOWN_COLUMN, "Feedback")
    assert "satisfaction" in flag.message and "0 of its 40 values" in flag.message


# ---------------------------------------------------------------- header and table detection

PLAIN_LIST = layout("plain_list", {"services-all": [
    ["Identifier", "Label", "Status", "Description", "Created", "Type"],
    *[[str(100 + n), f"Council service {n}", "Live" if n != 3 else "Discontinued",
       f"What the council does for residents in case {n}, described at some length here.",
       "03/04/2013", "Service"] for n in range(9)],
]})


def test_a_plain_list_is_read_from_its_first_row_never_from_a_data_row(tmp_path):
    result = read(tmp_path, PLAIN_LIST)
    services = result.catalogue.services
    assert len(services) == 9 and services[0].row == 2
    assert [s.id for s in services][:2] == ["100", "101"]
    assert "Service" not in {s.name for s in services}
    assert services[3].status is ServiceStatus.RETIRED


GROUPS = layout("group_row", {"Journeys": [
    ["Public Service", None, None, "Event", None, None],
    ["ID", "Name", "Description", "ID", "Name", "Date"],
    ["PS-1", "Register a birth", "Record a newborn", "EV-9", "Birth", "2024-01-03"],
    ["PS-2", "Apply for a pension", "State pension claim", "EV-4", "Retirement", "2024-02-01"],
]}, merges={"Journeys": ["A1:C1", "D1:F1"]})


def test_a_group_row_tells_the_services_columns_from_the_events(tmp_path):
    result = read(tmp_path, GROUPS)
    services = result.catalogue.services
    assert [(s.id, s.name, s.description) for s in services] == [
        ("PS-1", "Register a birth", "Record a newborn"),
        ("PS-2", "Apply for a pension", "State pension claim")]
    assert {i.column for i in issues(result, IssueCode.UNKNOWN_COLUMN)} >= {"Event: ID", "Event: Name"}


INSTRUCTIONS = layout("instructions", {"Resources": [
    ["Resource name", "Description", "Owner", "Audience"],
    ["The name of your resource. Please keep it short.", "Describe what it gives users.",
     "Who answers for it", "Who it is for"],
    ["Ex: Weekly status report", "Ex: A summary of ...", "Ex: Jo Bloggs", "Ex: Executives"],
    ["Portfolio dashboard", "One page of portfolio status", "Ana", "Executives"],
    ["Risk clinic", "Monthly help with risks", "Ben", "Project managers"],
]})


def test_instruction_and_example_rows_are_set_aside_and_said(tmp_path):
    result = read(tmp_path, INSTRUCTIONS)
    assert [s.name for s in result.catalogue.services] == ["Portfolio dashboard", "Risk clinic"]
    (said,) = issues(result, IssueCode.INSTRUCTION_ROW)
    assert said.row == 2 and "2 and 3" in said.message


TITLE_ES = layout("title_block_es", {"Catalogo": [
    ["INSTITUTO NACIONAL"], ["DIRECCIÓN GENERAL"], [], ["CATÁLOGO DE SERVICIOS 2015"],
    [None, None, None, "ALTA"], [None, None, None, "MEDIA"], [None, None, None, "BAJA"], [],
    ["ID SERV", "NOMBRE DEL SERVICIO", "RESPONSABLE DEL SERVICIO", "ESTADO DEL SERVICIO",
     "SATISFACCIÓN"],
    ["1", "Correo electrónico", "DGAIT", "ACTIVO", "Alta"],
    ["2", "Telefonía", "DGAIT", "ACTIVO", "Media"],
    ["3", "Antivirus", "DGOS", "INACTIVO", "Baja"],
]})


def test_a_spanish_catalogue_below_a_title_block(tmp_path):
    result = read(tmp_path, TITLE_ES)
    services = result.catalogue.services
    assert [(s.id, s.name, s.owner, s.status) for s in services] == [
        ("1", "Correo electrónico", "DGAIT", ServiceStatus.ACTIVE),
        ("2", "Telefonía", "DGAIT", ServiceStatus.ACTIVE),
        ("3", "Antivirus", "DGOS", ServiceStatus.RETIRED)]
    # "Alta/Media/Baja" is not a score from 1 to 5: the column is left out, said once.
    (said,) = issues(result, IssueCode.UNKNOWN_COLUMN, "SATISFACCIÓN")
    assert "satisfaction" in said.message
    assert all(s.satisfaction is None for s in services) and not result.errors


# ---------------------------------------------------------------- periods and sheets

PERIODS_NL = layout("periods_nl", {"Diensten": [
    ["Dienst", "Boekjaar", "Verantwoordelijke", "Aanvragen"],
    ["Vergunningen", "2022", "Gemeente", 110],
    ["Paspoorten", "2022", "Burgerzaken", 900],
    ["Vergunningen", "2023", "Gemeente", 130],
    ["Paspoorten", "2023", "Burgerzaken", 950],
    ["Subsidies", "2023", "Financiën", 40],
]})


def test_one_row_per_fiscal_year_keeps_each_services_latest(tmp_path):
    result = read(tmp_path, PERIODS_NL)
    services = result.catalogue.services
    assert [(s.name, s.period, s.demand) for s in services] == [
        ("Vergunningen", "2023", 130), ("Paspoorten", "2023", 950), ("Subsidies", "2023", 40)]
    (said,) = issues(result, IssueCode.EARLIER_PERIODS)
    assert said.message.startswith("2 rows are earlier periods")
    assert not issues(result, IssueCode.DUPLICATE_SERVICE)
    every = read(tmp_path, PERIODS_NL, all_periods=True).catalogue.services
    assert len(every) == 5


SHEETS_DE = layout("sheets_de", {
    "Leistungen": [["Dienstleistung", "Verantwortlich", "Zielgruppe", "Anzahl Anfragen"],
                   ["Baugenehmigung", "Bauamt", "Bürger", 300],
                   ["Gewerbeanmeldung", "Ordnungsamt", "Unternehmen", 120]],
    "Tabelle2": [["Dienstleistung", "Verantwortlich"], ["Entwurf", "Niemand"]],
    "Archiv 2019": [["Dienstleistung", "Verantwortlich", "Zielgruppe"],
                    ["Hundesteuer", "Kämmerei", "Bürger"]],
})


def test_other_service_like_sheets_are_named(tmp_path):
    result = read(tmp_path, SHEETS_DE)
    assert [(s.name, s.owner, s.customers, s.demand) for s in result.catalogue.services] == [
        ("Baugenehmigung", "Bauamt", ("Bürger",), 300),
        ("Gewerbeanmeldung", "Ordnungsamt", ("Unternehmen",), 120)]
    assert {i.sheet for i in issues(result, IssueCode.SHEET_IGNORED)} == {"Tabelle2", "Archiv 2019"}
    chosen = read(tmp_path, SHEETS_DE, sheet="Archiv 2019").catalogue.services
    assert [s.name for s in chosen] == ["Hundesteuer"]


# ---------------------------------------------------------------- the other languages

PORTUGUESE = layout("portuguese", {"Serviços": [
    ["Código do serviço", "Nome do Serviço", "Descrição", "Responsável", "Público-alvo",
     "Procura"],
    ["P1", "Emissão de licenças", "Licenças de obra", "Urbanismo", "Cidadãos; Empresas", 80],
    ["P2", "Apoio social", "Subsídios de apoio", "Ação Social", "Cidadãos", 45],
]})


def test_a_portuguese_catalogue_is_not_refused(tmp_path):
    services = read(tmp_path, PORTUGUESE).catalogue.services
    assert [(s.id, s.name, s.owner, s.customers, s.demand) for s in services] == [
        ("P1", "Emissão de licenças", "Urbanismo", ("Cidadãos", "Empresas"), 80),
        ("P2", "Apoio social", "Ação Social", ("Cidadãos",), 45)]


ITALIAN = layout("italian", {"Catalogo": [
    ["Servizio", "Descrizione", "Responsabile", "Utenti", "Stato", "Costo annuo"],
    ["Protocollo", "Registrazione documenti", "Segreteria", "Uffici", "attivo", "€ 12.000"],
    ["Archivio", "Conservazione atti", "Segreteria", "Uffici", "inattivo", "€ 3.000"],
]})


def test_an_italian_catalogue(tmp_path):
    services = read(tmp_path, ITALIAN).catalogue.services
    assert [(s.name, s.owner, s.customers, s.status) for s in services] == [
        ("Protocollo", "Segreteria", ("Uffici",), ServiceStatus.ACTIVE),
        ("Archivio", "Segreteria", ("Uffici",), ServiceStatus.RETIRED)]
    assert services[0].description == "Registrazione documenti"


FRENCH = layout("french", {"Prestations": [
    ["Catalogue des prestations du PMO"], [],
    ["Intitulé", "Responsable", "Bénéficiaires", "Volume annuel", "Obligatoire"],
    ["Revue de jalon", "Claire", "Sponsors<>Chefs de projet", 24, "oui"],
    ["Rapport mensuel", "Paul", "Direction", 12, "non"],
]})


def test_a_french_catalogue_below_its_title(tmp_path):
    services = read(tmp_path, FRENCH).catalogue.services
    assert [(s.name, s.owner, s.customers, s.demand, s.row) for s in services] == [
        ("Revue de jalon", "Claire", ("Sponsors", "Chefs de projet"), 24, 4),
        ("Rapport mensuel", "Paul", ("Direction",), 12, 5)]


COMPETING = layout("competing_owners", {"Services": [
    ["Service", "Ministry", "Department", "Service owner", "Service owner email"],
    ["Birth certificates", "Ministry of Home Affairs", "Registry", "Ana Diaz", "ana@gov"],
    ["Vehicle licences", "Ministry of Transport", "Licensing", "Ben Ode", "ben@gov"],
]})


def test_of_competing_owner_columns_the_surest_wins_and_the_others_are_said(tmp_path):
    result = read(tmp_path, COMPETING)
    assert [s.owner for s in result.catalogue.services] == ["Ana Diaz", "Ben Ode"]
    for other in ("Ministry", "Department", "Service owner email"):
        assert len([i for i in result.issues if i.column == other]) == 1, other
    assert not issues(result, IssueCode.DUPLICATE_COLUMN)


YEARS = layout("volumes_by_year", {"Services": [
    ["Service", "Owner", 2019, 2020, 2021, 2022, 2023, 2024],
    ["Gate reviews", "Ana", 10, 11, 12, 13, 14, 15],
    ["Training", "Ben", 5, 6, 7, 8, 9, 10],
]})


def test_years_as_headers_do_not_make_the_header_a_data_row(tmp_path):
    result = read(tmp_path, YEARS)
    assert [(s.name, s.owner, s.row) for s in result.catalogue.services] == [
        ("Gate reviews", "Ana", 2), ("Training", "Ben", 3)]
    assert {"2019", "2024"} <= {i.column for i in issues(result, IssueCode.UNKNOWN_COLUMN)}


# ---------------------------------------------------------------- every layout

@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_no_layout_gives_more_than_one_issue_per_column_per_kind(tmp_path, name):
    result = read(tmp_path, name)
    counts = Counter((i.code, i.sheet, i.column) for i in result.issues)
    assert [key for key, n in counts.items() if n > 1] == []
    assert not [i for i in result.issues if i.severity is Severity.ERROR
                and i.code is not IssueCode.MISSING_NAME]
