"""The column vocabulary: every header a catalogue may use for each field, in one place.

To teach the importer a new header, add it to the field's list below: English in
SERVICE_COLUMNS, the six other languages PMOs work in (French, German, Spanish,
Portuguese, Italian, Dutch) and other English forms in `_MORE_SERVICE_HEADERS`. Headers
are compared after `header_key` folds case, accents, snake_case and camelCase, spacing,
punctuation, language tags such as "(English)", plurals and units, so "Customer(s)",
"CUSTOMERS", "customer_name" and "Nome do Serviço" fold to comparable keys.

Recognising a column is a scored decision (`ColumnVocabulary.scores`): a header equal to
a known one scores 1; a known phrase inside a longer header scores less, the more so
the less of the header it covers; a few headers are weaker evidence (`_WEAKER`:
"Ministry" names an owner less surely than "Service owner"). The importer then confirms
typed fields by their values and settles columns that compete for one field
(catalogue/importer.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from catalogue.words import singular

# Service fields -> the headers that mean them. The first is the template's header.
SERVICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Service ID", "ID", "Ref", "Reference", "Service ref", "Service reference",
           "Service no", "Service number", "No", "Number", "#", "Code", "Service code",
           "Catalogue ID", "Item ID"),
    "name": ("Service name", "Service", "PMO service", "Name", "Service title", "Title",
             "Service offered", "Offering", "Service offering", "Activity", "Function",
             "Deliverable", "Product", "Service or product", "Services"),
    "description": ("Description", "What we provide", "Service description", "Details",
                    "Summary", "What it is", "What we do", "Scope", "Detail",
                    "Service details", "What is provided", "Overview", "Purpose"),
    "category": ("Category", "Service category", "Type", "Service type", "Group",
                 "Service group", "Area", "Service area", "Capability", "Domain",
                 "Service line", "Theme", "Practice area"),
    "customers": ("Customers", "Customer", "Target users", "Consumers", "Audience",
                  "Who for", "Who is it for", "Users", "Stakeholders", "Recipients",
                  "Beneficiaries", "Clients", "Served", "Serves", "Customer group",
                  "Customer groups", "Target audience", "Intended users", "For whom",
                  "Provided to", "Service users", "Consumer"),
    "objectives": ("Objectives", "Objective", "Mandate objective", "Supports objective",
                   "Strategic objective", "Objective IDs", "Linked objectives",
                   "Mandate objectives", "Supports", "Contributes to", "Goal", "Goals",
                   "Strategic goal", "Aligned objective", "Objective supported",
                   "Objectives supported", "Mandate link", "Supports mandate objective",
                   "Outcome", "Outcomes"),
    "owner": ("Owner", "Service owner", "Lead", "Responsible", "Accountable",
              "Owned by", "Service lead", "Contact", "Provider", "Delivered by"),
    "effort_fte": ("Effort (FTE)", "FTE", "Effort", "Effort FTE", "Headcount",
                   "Staff effort", "Resource", "Resources", "Capacity", "People",
                   "Effort in FTE", "FTE effort", "Staffing", "Resourcing"),
    "cost": ("Cost", "Annual cost", "Cost per year", "Budget", "Cost (£)", "Cost ($)",
             "Cost (€)", "Yearly cost", "Running cost", "Annual budget", "Spend",
             "Cost p.a.", "Cost pa"),
    "frequency": ("Frequency", "How often", "Cadence", "Schedule", "Periodicity",
                  "Delivery frequency", "When"),
    "demand": ("Demand", "Requests", "Uses", "Usage", "Volume", "Requests per year",
               "Uses per year", "Number of requests", "Annual demand", "Requests per month",
               "Take-up", "Uptake", "Users per year", "Consumption"),
    "satisfaction": ("Satisfaction", "Customer satisfaction", "CSAT", "Satisfaction (1-5)",
                     "Rating", "Satisfaction score", "Feedback score", "Score",
                     "User rating", "Customer rating", "Feedback", "User feedback",
                     "NPS"),
    "last_reviewed": ("Last reviewed", "Review date", "Last review", "Reviewed",
                      "Date reviewed", "Last review date", "Reviewed on",
                      "Date of last review"),
    "last_delivered": ("Last delivered", "Last used", "Last delivery", "Date delivered",
                       "Last run", "Last performed", "Last provided", "Delivered on",
                       "Last requested", "Last done", "Last occurred", "Most recent"),
    "status": ("Status", "Service status", "State", "Lifecycle", "Lifecycle stage",
               "Stage"),
    "mandatory": ("Mandatory", "Mandatory (yes/no)", "Required", "Compulsory",
                  "Mandated", "Statutory", "Obligatory", "Must do", "Regulatory"),
    "nature": ("Nature", "Service nature", "Role", "Control level", "Mode",
               "Supportive/controlling/directive", "Service mode", "Authority"),
    "value_measure": ("Value measure", "KPI", "Measure", "Value KPI", "Success measure",
                      "Metric", "Performance measure", "How value is measured",
                      "Benefit", "Value", "Key measure", "Measure of value"),
    "period": ("Period", "Fiscal year", "Financial year", "FY", "Year", "Quarter",
               "Reporting period", "Reporting year", "Month", "Fiscal quarter"),
}

# More ways real catalogues name each field: other English forms, then French, German,
# Spanish, Portuguese, Italian and Dutch. Merged into SERVICE_COLUMNS below.
_MORE_SERVICE_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("Identifier", "Service identifier", "ID serv", "Unique ID", "Record ID",
           "Identifiant", "Référence", "Code du service", "N°", "Kennung", "Nummer", "Nr",
           "Identificador", "ID servicio", "Código", "Código del servicio", "Identificação",
           "Código do serviço", "Identificativo", "Codice", "Numero", "Kenmerk"),
    "name": ("Label", "Standard name", "Product name", "Programme name", "Program name",
             "Service label", "Name of service", "Service title", "Nom", "Nom du service",
             "Intitulé", "Libellé", "Prestation", "Dienst", "Dienstleistung",
             "Name der Dienstleistung", "Bezeichnung", "Leistung", "Servicio", "Nombre",
             "Nombre del servicio", "Denominación", "Serviço", "Nome", "Nome do serviço",
             "Designação", "Servizio", "Nome del servizio", "Denominazione", "Naam",
             "Dienstnaam", "Naam dienst", "Diensten", "Resource name", "Item name",
             "Offering name", "Service or programme"),
    "description": ("Service summary", "Long description", "Descriptif", "Beschreibung",
                    "Leistungsbeschreibung", "Descripción", "Descripción general del servicio",
                    "Descrição", "Descrizione", "Beschrijving", "Omschrijving"),
    "category": ("Life event", "Life event / category", "Catégorie", "Type de service",
                 "Kategorie", "Categoría", "Tipo", "Tipo de servicio", "Categoria",
                 "Tipo de serviço", "Tipologia", "Categorie", "Soort"),
    "customers": ("Client", "Target group", "Client target group", "Primary beneficiary",
                  "Beneficiary", "Eligibility", "Demographic requirement", "Who can use",
                  "Bénéficiaire", "Public cible", "Usager", "Zielgruppe", "Kunde", "Nutzer",
                  "Destinatario", "Beneficiario", "Público objetivo", "Cobertura",
                  "Cobertura del servicio", "Cliente", "Usuario", "Público-alvo",
                  "Destinatário", "Beneficiário", "Utente", "Beneficiari", "Utenti",
                  "Doelgroep", "Klant", "Gebruiker"),
    "objectives": ("Objectif", "Ziel", "Ziele", "Objetivo", "Obiettivo", "Obiettivi", "Doel",
                   "Doelen", "Doelstelling"),
    "owner": ("Owner org", "Owner organisation", "Owning organisation", "Organisation",
              "Organization", "Organisation name", "Organization name", "Competent authority",
              "Responsible authority", "Department or agency", "Department", "Agency",
              "Service manager", "Ministry", "Dept", "Directorate", "Responsable",
              "Responsable du service", "Propriétaire", "Autorité compétente", "Ministère",
              "Verantwortlich", "Verantwortliche Stelle", "Zuständige Behörde", "Zuständigkeit",
              "Ministerium", "Responsable del servicio", "Propietario", "Dueño",
              "Ministerio", "Responsável", "Responsável pelo serviço", "Proprietário",
              "Órgão responsável", "Ministério", "Responsabile", "Titolare", "Ministero",
              "Eigenaar", "Verantwoordelijke", "Dienstverlener", "Ministerie"),
    "effort_fte": ("ETP", "Effectif", "VZÄ", "Aufwand", "Esfuerzo", "Esforço", "Impegno",
                   "Inspanning"),
    "cost": ("Coût", "Coût annuel", "Kosten", "Jährliche Kosten", "Coste", "Costo", "Custo",
             "Custo anual", "Coste anual", "Costo annuo", "Jaarlijkse kosten"),
    "frequency": ("Fréquence", "Häufigkeit", "Frecuencia", "Frequência", "Frequenza",
                  "Frequentie"),
    "demand": ("Applications", "Enquiries", "Inquiries", "Visits", "Usage per quarter",
               "Transactions", "Number of applications", "Number of transactions",
               "Volume annuel", "Demandes", "Nachfrage", "Anzahl Anfragen", "Fallzahlen",
               "Demanda", "Solicitudes", "Volumen", "Procura", "Pedidos", "Domanda",
               "Richieste", "Vraag", "Aanvragen", "Aantal aanvragen"),
    "satisfaction": ("Customer satisfaction score", "Satisfaction client", "Zufriedenheit",
                     "Kundenzufriedenheit", "Satisfacción", "Satisfação", "Soddisfazione",
                     "Tevredenheid", "Klanttevredenheid"),
    "last_reviewed": ("Year of last service review", "Last service review",
                      "Date of last service review", "Dernière revue", "Letzte Überprüfung",
                      "Última revisión", "Última revisão", "Ultima revisione",
                      "Laatste beoordeling"),
    "last_delivered": ("Dernière prestation", "Zuletzt erbracht", "Última prestación",
                       "Última entrega", "Ultima erogazione", "Laatst geleverd"),
    "status": ("Estado", "Estado del servicio", "Statut", "Zustand", "Situação", "Stato",
               "Estatus"),
    "mandatory": ("Obligatoire", "Verpflichtend", "Pflicht", "Obligatorio", "Obrigatório",
                  "Obbligatorio", "Verplicht"),
    "value_measure": ("Indicateur", "Kennzahl", "Indicador", "Indicatore", "Indicator"),
    "period": ("Exercice", "Année", "Trimestre", "Période", "Geschäftsjahr", "Jahr", "Quartal",
               "Zeitraum", "Ejercicio", "Año", "Periodo", "Ejercicio fiscal", "Ano",
               "Exercício", "Período", "Anno", "Esercizio", "Boekjaar", "Jaar", "Kwartaal",
               "Periode"),
}
SERVICE_COLUMNS = {name: headers + _MORE_SERVICE_HEADERS.get(name, ())
                   for name, headers in SERVICE_COLUMNS.items()}

# Headers that name their field less surely than the others (score = this weight): an
# owner column beats a ministry column, a service column beats a product column.
_WEAKER: dict[str, float] = {
    "department": 0.85, "department or agency": 0.85, "agency": 0.8, "dept": 0.8,
    "directorate": 0.8, "service manager": 0.8, "ministry": 0.7, "ministere": 0.7,
    "ministerium": 0.7, "ministerio": 0.7, "ministero": 0.7, "ministerie": 0.7,
    "organisation": 0.75, "organization": 0.75, "contact": 0.7, "provider": 0.8,
    "month": 0.8, "eligibility": 0.7, "demographic requirement": 0.7, "cobertura": 0.8,
    "product": 0.8, "activity": 0.8, "function": 0.75, "deliverable": 0.75, "title": 0.85,
    "label": 0.9, "nom": 0.9, "nombre": 0.9, "nome": 0.9, "naam": 0.9, "name": 0.95,
    "type": 0.8, "tipo": 0.8, "group": 0.8, "area": 0.8, "state": 0.85, "role": 0.7,
    "mode": 0.7, "value": 0.8, "benefit": 0.7, "measure": 0.8, "score": 0.8,
    "rating": 0.85, "feedback": 0.6, "user feedback": 0.6, "when": 0.6, "code": 0.85,
    "number": 0.8, "no": 0.8, "numero": 0.8, "nummer": 0.8, "nr": 0.8,
}

OBJECTIVE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Objective ID", "ID", "Ref", "Reference", "No", "Number", "#", "Code", "Key"),
    "statement": ("Objective", "Statement", "Objective statement", "Description",
                  "Objectives", "Goal", "Mandate objective", "Strategic objective",
                  "What", "Outcome", "Title", "Name"),
    "priority": ("Priority", "Weight", "Priority (weight)", "Importance", "Priority weight",
                 "Rank", "Weighting"),
    "success_measure": ("Success measure", "Measure", "KPI", "Measure of success",
                        "How measured", "Target", "Success criteria", "Metric"),
    "horizon": ("Horizon", "Time horizon", "Timeframe", "Term", "When", "Timescale"),
}

CUSTOMER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Customer", "Name", "Customer group", "Group", "Customers", "Stakeholder",
             "Audience", "Who", "Customer name", "Stakeholder group"),
    "importance": ("Importance", "Weight", "Priority", "Importance (weight)", "Rank",
                   "Weighting"),
    "expectations": ("Expectations", "What they expect", "Needs", "Expectation",
                     "What they need", "Requirements", "Description", "Notes"),
}

# Mandate sheet: field/value pairs. Field -> the labels that mean it.
MANDATE_FIELDS: dict[str, tuple[str, ...]] = {
    "pmo_name": ("PMO name", "Name", "PMO", "Office name", "Organisation", "Office"),
    "pmo_type": ("PMO type", "Type", "PMO model", "Model", "Authority",
                 "Type of PMO"),
    "statement": ("Mandate statement", "Mandate", "Statement", "Purpose", "Mission",
                  "Remit", "Charter"),
    "sponsor": ("Sponsor", "Executive sponsor", "PMO sponsor", "Sponsored by"),
    "date": ("Date", "Mandate date", "Agreed", "Date agreed", "Approved", "Effective date",
             "Date approved"),
    "office_kind": ("Office kind", "Kind of office", "Office type", "Scope",
                    "Kind", "Level"),
}

# The template's headers, in order, for each sheet.
TEMPLATE_SERVICE_HEADERS: dict[str, str] = {
    "id": "Service ID", "name": "Service name", "description": "Description",
    "category": "Category", "customers": "Customers", "objectives": "Objectives",
    "owner": "Owner", "effort_fte": "Effort (FTE)", "cost": "Annual cost",
    "frequency": "Frequency", "demand": "Demand (uses per year)",
    "satisfaction": "Satisfaction (1-5)", "last_reviewed": "Last reviewed",
    "last_delivered": "Last delivered", "status": "Status", "mandatory": "Mandatory",
    "nature": "Nature", "value_measure": "Value measure",
}
TEMPLATE_OBJECTIVE_HEADERS: dict[str, str] = {
    "id": "Objective ID", "statement": "Objective", "priority": "Priority (weight)",
    "success_measure": "Success measure", "horizon": "Horizon",
}
TEMPLATE_CUSTOMER_HEADERS: dict[str, str] = {
    "name": "Customer", "importance": "Importance (weight)", "expectations": "Expectations",
}
TEMPLATE_MANDATE_LABELS: dict[str, str] = {
    "pmo_name": "PMO name", "pmo_type": "PMO type", "statement": "Mandate statement",
    "sponsor": "Sponsor", "date": "Date", "office_kind": "Office kind",
}
TEMPLATE_SHEETS = ("Instructions", "Mandate", "Objectives", "Customers", "Services")

# Words that name a field even inside a longer header ("Approx. FTE", "Annual cost est.").
_TELLING_WORDS = {
    "fte", "effort", "cost", "kpi", "owner", "customer", "objective", "description",
    "category", "status", "frequency", "demand", "satisfaction", "csat", "mandatory", "nature",
    "audience", "stakeholder", "consumer", "beneficiary", "feedback", "headcount", "cadence",
    "lifecycle", "priority", "importance", "horizon", "expectation", "sponsor", "weight",
}

# Words a header may carry that say nothing about which field it is.
_FILLER = {"the", "a", "an", "of", "in", "per", "pa", "p", "gbp", "usd", "eur", "k",
           "optional", "required", "if", "any", "e", "g", "eg", "ie", "etc", "y", "n",
           # the articles and prepositions of the six other languages
           "le", "la", "les", "du", "des", "de", "d", "l", "der", "die", "das", "dem", "den",
           "el", "los", "las", "del", "al", "o", "os", "as", "do", "da", "dos", "di",
           "dello", "della", "il", "lo", "gli", "het", "een", "van"}
_UNIT_SYMBOLS = re.compile(r"[£$€%]")
# "Name (English)", "Nom (FR)", "Label [en]": which language a bilingual column is in.
_LANGUAGE_TAG = re.compile(
    r"[(\[]\s*(english|french|français|francais|german|deutsch|spanish|español|espanol|"
    r"portuguese|português|portugues|italian|italiano|dutch|nederlands|welsh|cymraeg|"
    r"irish|gaeilge|en|fr|de|es|pt|it|nl|cy|ga)\s*[)\]]",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z0-9])")


def _plain(text: str) -> str:
    """Accents off: 'Serviço' -> 'Servico', 'Überprüfung' -> 'Uberprufung'."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def header_language(text: str) -> str | None:
    """The language tag a bilingual header carries ('Name (French)' -> 'french'), if any."""
    found = _LANGUAGE_TAG.search(str(text))
    return found.group(1).lower() if found else None


def header_key(text: str) -> str:
    """Fold a header to a comparable key: case, accents, snake/camelCase, spacing,
    punctuation, language tags, plurals, units."""
    text = _LANGUAGE_TAG.sub(" ", str(text))
    text = _CAMEL.sub(" ", text)  # "ownerOrg" -> "owner Org", "serviceID" -> "service ID"
    text = _plain(text).lower().replace("(s)", "s").replace("&", " and ")
    text = _UNIT_SYMBOLS.sub(" ", text).replace("n°", "no ").replace("nº", "no ")
    words = re.findall(r"[a-z0-9#]+", text)
    kept = [singular(w) for w in words if w not in _FILLER]
    return " ".join(kept or [singular(w) for w in words])


_TELLING_WORDS |= {
    # the telling words of the other languages (folded: no accents, singular)
    "responsable", "proprietaire", "verantwortlich", "propietario", "responsavel",
    "responsabile", "eigenaar", "ministry", "department", "beneficiary", "beneficiario",
    "beneficiaire", "doelgroep", "zielgruppe", "descripcion", "descricao", "descrizione",
    "beschreibung", "beschrijving", "omschrijving", "categoria", "categorie", "kategorie",
    "estado", "statut", "stato", "cout", "kosten", "coste", "costo", "custo", "volume",
    "demande", "demanda", "domanda", "satisfaccion", "satisfacao", "soddisfazione",
    "zufriedenheit", "tevredenheid", "frecuencia", "frequence", "frequenza", "frequencia",
    "frequentie", "haufigkeit", "obligatorio", "obligatoire", "obrigatorio", "obbligatorio",
    "verplicht", "fiscal", "quarter", "trimestre", "identifier", "identificador",
    "identifiant", "review", "eligibility", "client", "cobertura",
}
# Words that make a longer header about something else than the field its other words
# name: "Service owner email" is not the owner, "Ministry priority" not the ministry.
_ABOUT_SOMETHING_ELSE = frozenset({
    "email", "mail", "phone", "telephone", "tel", "mobile", "fax", "url", "link", "website",
    "web", "address", "priority", "courriel", "telefono", "telefone", "telefon",
    "correo", "adresse", "direccion", "endereco", "indirizzo", "adres", "prioridad",
    "priorite", "prioritat", "priorita", "prioriteit", "prioridade",
})
# Words that make a column the service's name when nothing else names it: "CATEGORIA DEL
# SERVICIO" is the service in an ITIL catalogue whose other columns describe it.
SERVICE_WORDS = frozenset({"service", "servicio", "servico", "servizio", "dienst",
                           "dienstleistung", "prestation", "servizi", "servicos", "dienste"})


@dataclass(frozen=True)
class ColumnVocabulary:
    """Headers for one kind of table, folded once for fast lookups."""

    fields: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for field_name, headers in self.fields.items():
            for header in headers:
                index.setdefault(header_key(header), field_name)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_cache", {})

    def scores(self, header: object) -> list[tuple[str, float]]:
        """Each field this header may name, with how surely (0 to 1), best first.

        A header equal to a known one scores its weight (1 for most); a run of words that
        is a known header, inside a longer one, scores 0.4 to 0.9 by how much of the header
        it covers ("When last reviewed", "Approx. FTE"). A single word inside a longer
        header counts only when it tells its field ("Risk score" says little).
        """
        if header is None:
            return []
        text = str(header)
        cache: dict[str, list[tuple[str, float]]] = self._cache  # type: ignore[attr-defined]
        if text in cache:
            return cache[text]
        key = header_key(text)
        index: dict[str, str] = self._index  # type: ignore[attr-defined]
        best: dict[str, float] = {}
        if key in index:
            best[index[key]] = _WEAKER.get(key, 1.0)
        words = key.split()[:12] if key else []
        if _ABOUT_SOMETHING_ELSE & set(words):
            words = []  # "Service owner email", "Ministry priority": about the owner, not it
        for length in range(len(words) - 1, 0, -1):
            for start in range(len(words) - length + 1):
                phrase = " ".join(words[start:start + length])
                if length == 1 and phrase not in _TELLING_WORDS:
                    continue
                found = index.get(phrase)
                if found:
                    score = (0.4 + 0.5 * length / len(words)) * _WEAKER.get(phrase, 1.0)
                    # the earlier of two equal runs wins: "Service name (short)"
                    score -= 0.001 * start
                    if score > best.get(found, 0.0):
                        best[found] = score
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if len(cache) < 10_000:
            cache[text] = ranked
        return ranked

    def field_for(self, header: object) -> str | None:
        """The field a header most likely names, or None if it is not in the vocabulary."""
        ranked = self.scores(header)
        return ranked[0][0] if ranked else None


SERVICES = ColumnVocabulary(SERVICE_COLUMNS)
OBJECTIVES = ColumnVocabulary(OBJECTIVE_COLUMNS)
CUSTOMERS = ColumnVocabulary(CUSTOMER_COLUMNS)
MANDATE = ColumnVocabulary(MANDATE_FIELDS)
