"""Suggestions on catalogues written in the other languages PMOs work in."""

from __future__ import annotations

import pytest

from audit import run_audit
from audit.links import fold_word, text_language
from catalogue.model import Catalogue, Customer, Mandate, Objective, Service

from .builders import CONFIG


def _two_objectives_audit(objectives, services):
    catalogue = Catalogue(
        mandate=Mandate(pmo_name="PMO"),
        objectives=tuple(Objective(f"O{i}", text, priority=3) for i, text in enumerate(objectives, 1)),
        customers=(Customer("Ciudadanos", 3),),
        services=tuple(Service(f"S{i}", name, description=description)
                       for i, (name, description) in enumerate(services, 1)),
    )
    return run_audit(catalogue, CONFIG)


@pytest.mark.parametrize(("objectives", "services", "expected"), [
    (  # Spanish: "licencias" meets "licencia", "inspección" meets "inspecciones"
        ["Emitir cada licencia de construcción en menos de treinta días",
         "Reducir los accidentes laborales con más inspecciones"],
        [("Trámite de licencias", "Recepción y revisión de las solicitudes de licencias"),
         ("Inspección de obras", "Visitas de inspección a las construcciones en curso")],
        ["O1", "O2"],
    ),
    (  # Portuguese: "capacitação" meets "capacitar", "avaliações" meets "avaliação"
        ["Capacitar as equipes de cada direção",
         "Garantir a avaliação de cada fornecedor"],
        [("Capacitação interna", "Cursos de capacitação presenciais"),
         ("Avaliações de compras", "Revisão e avaliações periódicas das compras")],
        ["O1", "O2"],
    ),
])
def test_suggestions_work_in_the_catalogues_language(objectives, services, expected):
    result = _two_objectives_audit(objectives, services)
    assert [s.objective_ids[0] if s.objective_ids else None for s in result.services] == expected


def test_plural_and_singular_meet_only_with_the_languages_stemmer():
    assert fold_word("inspecciones", "spanish") == fold_word("inspección", "spanish")
    assert fold_word("inspecciones", "english") != fold_word("inspección", "english")
    assert fold_word("avaliações", "portuguese") == fold_word("avaliação", "portuguese")
    assert fold_word("avaliações", "english") != fold_word("avaliação", "english")


@pytest.mark.parametrize(("text", "language"), [
    ("the list of services for the board and the sponsors", "english"),
    ("la liste des services pour le comité et les usagers", "french"),
    ("die Liste der Dienste für den Vorstand und die Bürger", "german"),
    ("la lista de los servicios para el comité y los ciudadanos", "spanish"),
    ("a lista dos serviços para os cidadãos e as empresas", "portuguese"),
    ("l'elenco dei servizi per il comitato e gli utenti della città", "italian"),
    ("de lijst van diensten voor het bestuur en de burgers", "dutch"),
])
def test_the_language_is_told_from_common_words(text, language):
    counts: dict[str, int] = {}
    for word in text.lower().replace("'", " ").split():
        counts[word] = counts.get(word, 0) + 1
    assert text_language(counts) == language
