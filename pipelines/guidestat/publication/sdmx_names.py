"""The names of the SDMX structure's code lists and codes in en, nb, sv and fi: the ones no other table
holds (units, frequency, basis, decimals, unit multiplier, the age bands); the reporters' names come from
the regions table, the indicators' from the catalogue, the rest from the publication's texts (site_text)."""

from __future__ import annotations

LANGUAGES = ("en", "nb", "sv", "fi")

UNIT_NAMES = {
    "PER_1000": {"en": "Per 1,000 inhabitants", "nb": "Per 1 000 innbyggere", "sv": "Per 1 000 invånare",
                 "fi": "1 000 asukasta kohden"},
    "PER_PERSON": {"en": "Per person", "nb": "Per person", "sv": "Per person", "fi": "Henkilöä kohden"},
    "DAYS": {"en": "Days", "nb": "Dager", "sv": "Dagar", "fi": "Päivää"},
    "PERCENT": {"en": "Percent", "nb": "Prosent", "sv": "Procent", "fi": "Prosenttia"},
    "RATIO": {"en": "Ratio", "nb": "Forholdstall", "sv": "Kvot", "fi": "Suhdeluku"},
    "INDEX": {"en": "Index (1 = proportional)", "nb": "Indeks (1 = proporsjonal)", "sv": "Index (1 = proportionell)",
              "fi": "Indeksi (1 = suhteellinen osuus)"},
    "SCORE": {"en": "Points on a 1-5 scale", "nb": "Poeng på en skala fra 1 til 5", "sv": "Poäng på en skala 1-5",
              "fi": "Pisteitä asteikolla 1-5"},
    "EFFECT_SIZE": {"en": "Effect size (Cohen's d_z)", "nb": "Effektstørrelse (Cohens d_z)",
                    "sv": "Effektstorlek (Cohens d_z)", "fi": "Vaikutuksen suuruus (Cohenin d_z)"},
    "HOURS": {"en": "Hours", "nb": "Timer", "sv": "Timmar", "fi": "Tunteja"},
    "NUMBER": {"en": "Number", "nb": "Antall", "sv": "Antal", "fi": "Lukumäärä"},
    "EUR": {"en": "Euro", "nb": "Euro", "sv": "Euro", "fi": "Euroa"},
}

UNIT_MULT_NAMES = {"0": {"en": "Units", "nb": "Enheter", "sv": "Enheter", "fi": "Yksiköt"}}

FREQ_NAMES = {"A": {"en": "Annual", "nb": "Årlig", "sv": "Årlig", "fi": "Vuosittainen"}}

BASIS_NAMES = {
    "AS_REPORTED": {"en": "As reported, by the regions in force in the year",
                    "nb": "Som rapportert, etter regionene som gjaldt i året",
                    "sv": "Som rapporterat, enligt de regioner som gällde under året",
                    "fi": "Raportoituna, vuonna voimassa olleiden alueiden mukaan"},
    "RESTATED_2024": {"en": "Restated on the 2024 Norwegian counties", "nb": "Omregnet til 2024-fylkene",
                      "sv": "Omräknat till 2024 års norska fylken", "fi": "Laskettu uudelleen vuoden 2024 Norjan lääneihin"},
}

TOTAL = {"en": "Total", "nb": "I alt", "sv": "Totalt", "fi": "Yhteensä"}
AGED = {"en": "Aged {band}", "nb": "{band} år", "sv": "{band} år", "fi": "{band}-vuotiaat"}
FUNDING = {"en": "Funding source {code}", "nb": "Finansieringskilde {code}", "sv": "Finansieringskälla {code}",
           "fi": "Rahoituslähde {code}"}


def decimals_names(most: int) -> dict[str, dict[str, str]]:
    words = {"en": "{n} decimals", "nb": "{n} desimaler", "sv": "{n} decimaler", "fi": "{n} desimaalia"}
    return {str(n): {lang: w.format(n=n) for lang, w in words.items()} for n in range(most + 1)}


CODELIST_NAMES = {
    "CL_FREQ": {"en": "Frequency", "nb": "Frekvens", "sv": "Frekvens", "fi": "Tiheys"},
    "CL_AREA": {"en": "Reporters and countries", "nb": "Rapportører og land", "sv": "Rapportörer och länder",
                "fi": "Raportoijat ja maat"},
    "CL_INDICATOR": {"en": "Guidance quality indicators", "nb": "Kvalitetsindikatorer for veiledning",
                     "sv": "Kvalitetsindikatorer för vägledning", "fi": "Ohjauksen laatuindikaattorit"},
    "CL_BREAKDOWN": {"en": "Breakdown", "nb": "Inndeling", "sv": "Indelning", "fi": "Luokitus"},
    "CL_BASIS": {"en": "Regional basis", "nb": "Regioninndeling", "sv": "Regionindelning", "fi": "Aluejako"},
    "CL_OBS_STATUS": {"en": "Observation status (SDMX cross-domain subset)",
                      "nb": "Observasjonsstatus (utvalg av SDMX-kodene)",
                      "sv": "Observationsstatus (urval av SDMX-koderna)", "fi": "Havainnon tila (osa SDMX-koodeista)"},
    "CL_CONF_STATUS": {"en": "Confidentiality status (SDMX cross-domain subset)",
                       "nb": "Konfidensialitetsstatus (utvalg av SDMX-kodene)",
                       "sv": "Konfidentialitetsstatus (urval av SDMX-koderna)",
                       "fi": "Luottamuksellisuuden tila (osa SDMX-koodeista)"},
    "CL_UNIT_MEASURE": {"en": "Unit of measure", "nb": "Måleenhet", "sv": "Måttenhet", "fi": "Mittayksikkö"},
    "CL_UNIT_MULT": {"en": "Unit multiplier", "nb": "Enhetsmultiplikator", "sv": "Enhetsmultiplikator",
                     "fi": "Yksikön kerroin"},
    "CL_DECIMALS": {"en": "Decimals", "nb": "Desimaler", "sv": "Decimaler", "fi": "Desimaalit"},
}
