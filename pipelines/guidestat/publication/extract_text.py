"""The words of the ministry's XLSX workbook in the country's language (nb for Norway, fi for Finland):
sheet names, column headings, the legend's lines and the basis and breakdown labels. The status codes,
directions, goals and breakdown names are the publication's own (site_text)."""

from __future__ import annotations

WORKBOOK_LANGUAGE = {"NO": "nb", "FI": "fi"}

SHEETS = {
    "values": {"nb": "verdier", "fi": "arvot"},
    "legend": {"nb": "forklaring", "fi": "selite"},
    "definitions": {"nb": "definisjoner", "fi": "määritelmät"},
}

# The values sheet's columns: the CSV's columns (extracts.FILE_COLUMNS) and the reporter's name.
HEADINGS = {
    "indicator_id": {"nb": "Indikator", "fi": "Indikaattori"},
    "country": {"nb": "Land", "fi": "Maa"},
    "reporter": {"nb": "Fylke/land (kode)", "fi": "Maakunta/maa (koodi)"},
    "reporter_name": {"nb": "Fylke/land", "fi": "Maakunta/maa"},
    "year": {"nb": "År", "fi": "Vuosi"},
    "basis": {"nb": "Regioninndeling", "fi": "Aluejako"},
    "breakdown": {"nb": "Inndeling", "fi": "Luokitus"},
    "breakdown_value": {"nb": "Gruppe", "fi": "Ryhmä"},
    "value": {"nb": "Verdi", "fi": "Arvo"},
    "ci_low": {"nb": "Nedre grense (95 %)", "fi": "Alaraja (95 %)"},
    "ci_high": {"nb": "Øvre grense (95 %)", "fi": "Yläraja (95 %)"},
    "numerator": {"nb": "Teller", "fi": "Osoittaja"},
    "denominator": {"nb": "Nevner", "fi": "Nimittäjä"},
    "unit_measure": {"nb": "Enhet (UNIT_MEASURE)", "fi": "Yksikkö (UNIT_MEASURE)"},
    "decimals": {"nb": "Desimaler", "fi": "Desimaalit"},
    "conf_status": {"nb": "Konfidensialitet (CONF_STATUS)", "fi": "Luottamuksellisuus (CONF_STATUS)"},
    "obs_status": {"nb": "Observasjon (OBS_STATUS)", "fi": "Havainto (OBS_STATUS)"},
    "low_reliability": {"nb": "Lav pålitelighet", "fi": "Heikko luotettavuus"},
    "restatement_coverage": {"nb": "Omregningsdekning", "fi": "Uudelleenlaskennan kattavuus"},
    "months_delivered": {"nb": "Måneder levert", "fi": "Toimitetut kuukaudet"},
    "months_expected": {"nb": "Måneder forventet", "fi": "Odotetut kuukaudet"},
}

DEFINITION_HEADINGS = {
    "nb": ("Indikator", "Navn", "Definisjon", "Enhet", "Enhetskode", "Desimaler", "Retning", "Mål"),
    "fi": ("Indikaattori", "Nimi", "Määritelmä", "Yksikkö", "Yksikkökoodi", "Desimaalit", "Suunta", "Tavoitteet"),
}

BASES = {
    "as_reported": {"nb": "Som rapportert", "fi": "Raportoitu"},
    "restated_2024": {"nb": "Omregnet til 2024-fylker", "fi": "Uudelleenlaskettu vuoden 2024 maakuntiin"},
}

LEGEND = {
    "title": {"nb": "Guidestat: indikatorer for karriereveiledning, {country} {year} (utgivelse {release})",
              "fi": "Guidestat: elinikäisen ohjauksen indikaattorit, {country} {year} (julkaisu {release})"},
    "published_only": {
        "nb": "Bare verdier som har passert konfidensialitetskontrollen vises; en prikket celle har ingen verdi, "
              "intervall, teller eller nevner, bare statuskodene.",
        "fi": "Vain tietosuojatarkistuksen läpäisseet arvot näytetään; suojatulla solulla ei ole arvoa, "
              "luottamusväliä, osoittajaa eikä nimittäjää, vain tilakoodit."},
    "thresholds": {
        "nb": "Terskler: et antall personer eller svar under {min_count} publiseres ikke; en nevner under "
              "{reliable} merkes med lav pålitelighet (U).",
        "fi": "Kynnykset: alle {min_count} henkilön tai vastauksen lukumäärää ei julkaista; alle {reliable} "
              "nimittäjä merkitään heikoksi luotettavuudeksi (U)."},
    "rounding": {
        "nb": "Verdier og intervaller er avrundet (halv opp, bort fra null) til indikatorens desimaler; andeler "
              "vises i prosent. Uavrundede verdier finnes i Guidestats datamarts.",
        "fi": "Arvot ja luottamusvälit on pyöristetty (puolikkaat ylöspäin, poispäin nollasta) indikaattorin "
              "desimaaleihin; osuudet näytetään prosentteina. Pyöristämättömät arvot ovat Guidestatin tietovarastossa."},
    "provisional": {
        "nb": "Foreløpige tall (P): året var ikke omme da tallene ble laget, eller et fylke har ikke levert "
              "alle årets måneder (måneder levert / forventet).",
        "fi": "Ennakkotiedot (P): vuosi ei ollut päättynyt, kun luvut laskettiin, tai maakunta ei ole "
              "toimittanut vuoden kaikkia kuukausia (toimitetut / odotetut kuukaudet)."},
    "column": {"nb": "Kolonne", "fi": "Sarake"},
    "code": {"nb": "Kode", "fi": "Koodi"},
    "meaning": {"nb": "Betydning", "fi": "Merkitys"},
}
