"""The publication's own words: the user-interface strings, the national goals and the status codes in
every language the site speaks (the indicator names, definitions and units come from the catalogue,
the reporter names from the regions table).

Norway is published in bokmål and English, Finland in Finnish, Swedish and English.
"""

from __future__ import annotations

from guidestat.languages import BABEL_LOCALES, COUNTRY_LANGUAGES, LANGUAGE_NAMES  # noqa: F401 (the site's imports)
from guidestat.publication.status_codes import CONF_STATUS, OBS_STATUS

COUNTRY_NAMES = {
    "NO": {"nb": "Norge", "en": "Norway", "fi": "Norja", "sv": "Norge"},
    "FI": {"nb": "Finland", "en": "Finland", "fi": "Suomi", "sv": "Finland"},
}

# docs/spec/indicators.md: the national goals each indicator evidences.
GOALS = {
    "NO-ACCESS": {"nb": "Økt tilgang", "en": "Increased access"},
    "NO-QUALITY": {"nb": "Økt kvalitet", "en": "Increased quality"},
    "NO-PROF": {"nb": "Profesjonalitet", "en": "Professionalism"},
    "NO-EQUAL": {"nb": "Likeverdig tilbud", "en": "Equal services"},
    "FI-1": {"fi": "Palvelut ovat yhdenvertaisesti saatavilla ja vastaavat tarpeisiin",
             "sv": "Tjänsterna är lika tillgängliga för alla och motsvarar behoven",
             "en": "Services are equally available and match needs"},
    "FI-2": {"fi": "Urasuunnittelutaidot vahvistuvat", "sv": "Karriärplaneringsfärdigheterna stärks",
             "en": "Career management skills are strengthened"},
    "FI-3": {"fi": "Ohjaajilla on tarvittava osaaminen", "sv": "Vägledarna har den kompetens som behövs",
             "en": "Practitioners have the competence"},
    "FI-4": {"fi": "Laadunhallintajärjestelmiä kehitetään", "sv": "Kvalitetssystemen utvecklas",
             "en": "Quality systems are developed"},
    "FI-5": {"fi": "Ohjaus toimii koordinoituna kokonaisuutena", "sv": "Vägledningen fungerar som en samordnad helhet",
             "en": "Guidance works as a coordinated whole"},
}

DIRECTIONS = {
    "higher": {"nb": "Høyere er bedre", "en": "Higher is better", "fi": "Suurempi on parempi", "sv": "Högre är bättre"},
    "lower": {"nb": "Lavere er bedre", "en": "Lower is better", "fi": "Pienempi on parempi", "sv": "Lägre är bättre"},
    "closer_to_1": {"nb": "Nærmere 1 (100 %) er bedre", "en": "Closer to 1 (100 %) is better",
                    "fi": "Lähempänä 1:tä (100 %) on parempi", "sv": "Närmare 1 (100 %) är bättre"},
    "neutral": {"nb": "Verken høyere eller lavere er bedre i seg selv",
                "en": "Neither higher nor lower is better in itself",
                "fi": "Suurempi tai pienempi ei sinänsä ole parempi",
                "sv": "Varken högre eller lägre är bättre i sig"},
}

BREAKDOWNS = {
    "total": {"nb": "I alt", "en": "Total", "fi": "Yhteensä", "sv": "Totalt"},
    "gender": {"nb": "Kjønn", "en": "Gender", "fi": "Sukupuoli", "sv": "Kön"},
    "age_band": {"nb": "Aldersgruppe", "en": "Age band", "fi": "Ikäryhmä", "sv": "Åldersgrupp"},
    "funding_source": {"nb": "Finansieringskilde", "en": "Funding source", "fi": "Rahoituslähde", "sv": "Finansieringskälla"},
}
BREAKDOWN_VALUES = {
    "F": {"nb": "Kvinner", "en": "Women", "fi": "Naiset", "sv": "Kvinnor"},
    "M": {"nb": "Menn", "en": "Men", "fi": "Miehet", "sv": "Män"},
    "ESF_plus": {"nb": "ESF+", "en": "ESF+", "fi": "ESR+", "sv": "ESF+"},
    "RRF": {"nb": "RRF", "en": "RRF", "fi": "RRF", "sv": "RRF"},
    "national": {"nb": "Nasjonal", "en": "National", "fi": "Kansallinen", "sv": "Nationell"},
    "regional": {"nb": "Regional", "en": "Regional", "fi": "Alueellinen", "sv": "Regional"},
    "other": {"nb": "Annen", "en": "Other", "fi": "Muu", "sv": "Annan"},
}

CONF_STATUS_TEXT = {
    "F": {"nb": "Fri for publisering", "fi": "Vapaa julkaistavaksi", "sv": "Fri för publicering"},
    "C": {"nb": "Konfidensiell: primærprikket (et antall personer eller svar under terskelen)",
          "fi": "Luottamuksellinen: ensisijaisesti suojattu (henkilöiden tai vastausten määrä alle kynnyksen)",
          "sv": "Konfidentiell: primärt skyddad (ett antal personer eller svar under tröskeln)"},
    "D": {"nb": "Konfidensiell: sekundærprikket (skjult slik at en primærprikket verdi ikke kan regnes ut)",
          "fi": "Luottamuksellinen: toissijaisesti suojattu (piilotettu, jottei suojattua arvoa voi laskea)",
          "sv": "Konfidentiell: sekundärt skyddad (dold så att ett skyddat värde inte kan räknas ut)"},
}
OBS_STATUS_TEXT = {
    "A": {"nb": "Normal verdi", "fi": "Normaali arvo", "sv": "Normalt värde"},
    "U": {"nb": "Lav pålitelighet (nevneren teller færre personer eller svar enn pålitelighetsterskelen)",
          "fi": "Heikko luotettavuus (nimittäjässä on vähemmän henkilöitä tai vastauksia kuin luotettavuuskynnys)",
          "sv": "Låg tillförlitlighet (nämnaren räknar färre personer eller svar än tillförlitlighetströskeln)"},
    "M": {"nb": "Mangler: verdien kan ikke finnes (f.eks. nevner null)",
          "fi": "Puuttuu: arvoa ei voi olla (esim. nimittäjä on nolla)",
          "sv": "Saknas: värdet kan inte finnas (t.ex. nämnaren är noll)"},
    "Q": {"nb": "Mangler: prikket", "fi": "Puuttuu: suojattu", "sv": "Saknas: skyddat"},
    "P": {"nb": "Foreløpig verdi (året er ikke omme, eller ikke alle årets måneder er levert)",
          "fi": "Ennakkotieto (vuosi ei ole päättynyt tai vuoden kaikkia kuukausia ei ole toimitettu)",
          "sv": "Preliminärt värde (året är inte slut, eller alla årets månader har inte levererats)"},
}
for _code, _meaning in CONF_STATUS.items():
    CONF_STATUS_TEXT[_code]["en"] = _meaning
for _code, _meaning in OBS_STATUS.items():
    OBS_STATUS_TEXT[_code]["en"] = _meaning

UI = {
    "site_title": {"nb": "Guidestat: karriereveiledning i tall", "en": "Guidestat: lifelong guidance in figures",
                   "fi": "Guidestat: elinikäinen ohjaus lukuina", "sv": "Guidestat: livslång vägledning i siffror"},
    "overview": {"nb": "Oversikt", "en": "Overview", "fi": "Yleiskatsaus", "sv": "Översikt"},
    "indicators": {"nb": "Indikatorer", "en": "Indicators", "fi": "Indikaattorit", "sv": "Indikatorer"},
    "reporters_NO": {"nb": "Fylker", "en": "Counties", "fi": "Maakunnat", "sv": "Fylken"},
    "reporters_FI": {"nb": "Regioner", "en": "Regions", "fi": "Maakunnat", "sv": "Landskap"},
    "reporter_NO": {"nb": "Fylke", "en": "County", "fi": "Maakunta", "sv": "Fylke"},
    "reporter_FI": {"nb": "Region", "en": "Region", "fi": "Maakunta", "sv": "Landskap"},
    "projects": {"nb": "Prosjektevaluering", "en": "Project evaluation", "fi": "Hankkeiden arviointi",
                 "sv": "Projektutvärdering"},
    "delivery": {"nb": "Leveransekvalitet", "en": "Delivery quality", "fi": "Toimitusten laatu",
                 "sv": "Leveransernas kvalitet"},
    "about": {"nb": "Om tallene", "en": "About the figures", "fi": "Tietoa luvuista", "sv": "Om siffrorna"},
    "language": {"nb": "Språk", "en": "Language", "fi": "Kieli", "sv": "Språk"},
    "other_country": {"nb": "Andre land", "en": "Other country", "fi": "Toinen maa", "sv": "Annat land"},
    "release": {"nb": "Utgivelse", "en": "Release", "fi": "Julkaisu", "sv": "Publicering"},
    "latest_year": {"nb": "Siste år", "en": "Latest year", "fi": "Viimeisin vuosi", "sv": "Senaste år"},
    "key_indicators": {"nb": "Nøkkelindikatorer", "en": "Key indicators", "fi": "Keskeiset indikaattorit",
                       "sv": "Nyckelindikatorer"},
    "key_intro": {"nb": "Nasjonal verdi i {year}, endring fra {previous} og utvikling over alle år.",
                  "en": "National value in {year}, change since {previous} and the trend over all years.",
                  "fi": "Kansallinen arvo vuonna {year}, muutos vuodesta {previous} ja kehitys kaikkina vuosina.",
                  "sv": "Nationellt värde {year}, förändring sedan {previous} och utvecklingen över alla år."},
    "trend_of_key": {"nb": "Nøkkelindikatorene over tid (nasjonalt, med 95 % konfidensintervall)",
                     "en": "The key indicators over time (national, with 95 % confidence interval)",
                     "fi": "Keskeiset indikaattorit ajan mittaan (kansallinen, 95 %:n luottamusväli)",
                     "sv": "Nyckelindikatorerna över tid (nationellt, med 95 % konfidensintervall)"},
    "by_goal": {"nb": "Indikatorer etter nasjonalt mål", "en": "Indicators by national goal",
                "fi": "Indikaattorit kansallisen tavoitteen mukaan", "sv": "Indikatorer efter nationellt mål"},
    "no_goal": {"nb": "Uten nasjonalt mål", "en": "Without a national goal", "fi": "Ei kansallista tavoitetta",
                "sv": "Utan nationellt mål"},
    "indicator": {"nb": "Indikator", "en": "Indicator", "fi": "Indikaattori", "sv": "Indikator"},
    "national": {"nb": "Nasjonalt", "en": "National", "fi": "Koko maa", "sv": "Hela landet"},
    "national_value": {"nb": "Nasjonal verdi", "en": "National value", "fi": "Kansallinen arvo", "sv": "Nationellt värde"},
    "change": {"nb": "Endring", "en": "Change", "fi": "Muutos", "sv": "Förändring"},
    "goals": {"nb": "Nasjonale mål", "en": "National goals", "fi": "Kansalliset tavoitteet", "sv": "Nationella mål"},
    "definition": {"nb": "Definisjon", "en": "Definition", "fi": "Määritelmä", "sv": "Definition"},
    "unit": {"nb": "Enhet", "en": "Unit", "fi": "Yksikkö", "sv": "Enhet"},
    "direction": {"nb": "Retning", "en": "Direction", "fi": "Suunta", "sv": "Riktning"},
    "elgpn": {"nb": "ELGPN-element", "en": "ELGPN element", "fi": "ELGPN-elementti", "sv": "ELGPN-element"},
    "year": {"nb": "År", "en": "Year", "fi": "Vuosi", "sv": "År"},
    "value": {"nb": "Verdi", "en": "Value", "fi": "Arvo", "sv": "Värde"},
    "ci": {"nb": "95 % konfidensintervall", "en": "95 % confidence interval", "fi": "95 %:n luottamusväli",
           "sv": "95 % konfidensintervall"},
    "flags": {"nb": "Status", "en": "Status", "fi": "Tila", "sv": "Status"},
    "numerator": {"nb": "Teller", "en": "Numerator", "fi": "Osoittaja", "sv": "Täljare"},
    "denominator": {"nb": "Nevner", "en": "Denominator", "fi": "Nimittäjä", "sv": "Nämnare"},
    "suppressed": {"nb": "prikket", "en": "suppressed", "fi": "suojattu", "sv": "skyddat"},
    "cannot_exist": {"nb": "finnes ikke", "en": "cannot exist", "fi": "ei voi olla", "sv": "finns inte"},
    "low_reliability": {"nb": "lav pålitelighet", "en": "low reliability", "fi": "heikko luotettavuus",
                        "sv": "låg tillförlitlighet"},
    "breakdowns_only": {"nb": "kun etter kjønn og alder", "en": "by gender and age only", "fi": "vain sukupuolen ja iän mukaan",
                        "sv": "endast efter kön och ålder"},
    "no_such_projects": {"nb": "ingen prosjekter med denne finansieringskilden", "en": "no project with this funding source",
                         "fi": "ei hankkeita tällä rahoituslähteellä", "sv": "inga projekt med denna finansieringskälla"},
    "chart_suppressed": {"nb": "Prikkede verdier er merket «prikket».", "en": "Suppressed values are labelled “suppressed”.",
                         "fi": "Suojatut arvot on merkitty ”suojattu”.", "sv": "Skyddade värden är märkta ”skyddat”."},
    "not_reported": {"nb": "ikke i rapportering dette året", "en": "not reporting this year",
                     "fi": "ei raportoinut tänä vuonna", "sv": "rapporterade inte detta år"},
    "reporters_chart": {"nb": "{name}, {year}: verdi med 95 % konfidensintervall; linjen er den nasjonale verdien",
                        "en": "{name}, {year}: value with 95 % confidence interval; the line is the national value",
                        "fi": "{name}, {year}: arvo ja 95 %:n luottamusväli; viiva on kansallinen arvo",
                        "sv": "{name}, {year}: värde med 95 % konfidensintervall; linjen är det nationella värdet"},
    "chart_marks": {"nb": "Åpne punkter har lav pålitelighet; prikkede verdier er merket «prikket».",
                    "en": "Hollow points are of low reliability; suppressed values are labelled “suppressed”.",
                    "fi": "Ontot pisteet ovat heikosti luotettavia; suojatut arvot on merkitty ”suojattu”.",
                    "sv": "Ihåliga punkter har låg tillförlitlighet; skyddade värden är märkta ”skyddat”."},
    "trend_chart": {"nb": "{name}: nasjonal verdi over tid med 95 % konfidensintervall",
                    "en": "{name}: national value over time with 95 % confidence interval",
                    "fi": "{name}: kansallinen arvo ajan mittaan ja 95 %:n luottamusväli",
                    "sv": "{name}: nationellt värde över tid med 95 % konfidensintervall"},
    "table_years": {"nb": "{name} per {reporter_word} og år (i alt)", "en": "{name} by {reporter_word} and year (total)",
                    "fi": "{name} alueittain ja vuosittain (yhteensä)", "sv": "{name} per {reporter_word} och år (totalt)"},
    "table_breakdowns": {"nb": "{name} etter {breakdown}, {year}", "en": "{name} by {breakdown}, {year}",
                         "fi": "{name}: {breakdown}, {year}", "sv": "{name} efter {breakdown}, {year}"},
    "restated": {"nb": "omregnet til 2024-fylker, dekning {coverage}",
                 "en": "restated to the 2024 counties, coverage {coverage}",
                 "fi": "muunnettu vuoden 2024 maakuntiin, kattavuus {coverage}",
                 "sv": "omräknat till 2024 års fylken, täckning {coverage}"},
    "restated_note": {"nb": "Omregnede tall: et fylke som ble opprettet i 2024, med tall for årene før fra "
                            "forgjengerens kontakter plassert etter kommune; dekningen er andelen kontakter som kunne plasseres.",
                      "en": "Restated figures: a county created in 2024, with figures for the years before from its "
                            "predecessor's contacts placed by municipality; the coverage is the share of contacts that could be placed.",
                      "fi": "Muunnetut luvut: vuonna 2024 perustettu maakunta, jonka aiempien vuosien luvut on laskettu "
                            "edeltäjän yhteydenotoista kunnan mukaan; kattavuus on sijoitettujen yhteydenottojen osuus.",
                      "sv": "Omräknade siffror: ett fylke som bildades 2024, med siffror för åren före från "
                            "föregångarens kontakter placerade efter kommun; täckningen är andelen kontakter som kunde placeras."},
    "flags_explained": {"nb": "Statuskoder (SDMX)", "en": "Status codes (SDMX)", "fi": "Tilakoodit (SDMX)",
                        "sv": "Statuskoder (SDMX)"},
    "conf_status": {"nb": "Konfidensialitet (CONF_STATUS)", "en": "Confidentiality (CONF_STATUS)",
                    "fi": "Luottamuksellisuus (CONF_STATUS)", "sv": "Konfidentialitet (CONF_STATUS)"},
    "obs_status": {"nb": "Observasjon (OBS_STATUS)", "en": "Observation (OBS_STATUS)",
                   "fi": "Havainto (OBS_STATUS)", "sv": "Observation (OBS_STATUS)"},
    "suppression_note": {"nb": "Prikkede celler vises som «prikket» med koden sin; de er aldri 0. Verdier med lav "
                               "pålitelighet er merket U.",
                         "en": "Suppressed cells are shown as “suppressed” with their code; they are never 0. Values of "
                               "low reliability are marked U.",
                         "fi": "Suojatut solut näytetään merkinnällä ”suojattu” ja koodilla; ne eivät ole koskaan 0. "
                               "Heikosti luotettavat arvot on merkitty U.",
                         "sv": "Skyddade celler visas som ”skyddat” med sin kod; de är aldrig 0. Värden med låg "
                               "tillförlitlighet är märkta U."},
    "downloads": {"nb": "Last ned", "en": "Download", "fi": "Lataa", "sv": "Ladda ned"},
    "downloads_extracts": {"nb": "Uttrekk for {country} {year}", "en": "Extract for {country} {year}",
                           "fi": "Poiminta {country} {year}", "sv": "Uttag för {country} {year}"},
    "sdmx_structure": {"nb": "SDMX-struktur", "en": "SDMX structure", "fi": "SDMX-rakenne", "sv": "SDMX-struktur"},
    "jsonstat_of": {"nb": "Tabellens data som JSON-stat 2.0", "en": "This table's data as JSON-stat 2.0",
                    "fi": "Taulukon tiedot JSON-stat 2.0 -muodossa", "sv": "Tabellens data som JSON-stat 2.0"},
    "profile_chart": {"nb": "{name} mot nasjonal verdi, hvert år: fylkets verdi i prosent av den nasjonale (i alt)",
                      "en": "{name} against the national value, each year: its value as a percentage of the national one (total)",
                      "fi": "{name} verrattuna koko maahan vuosittain: arvo prosentteina kansallisesta (yhteensä)",
                      "sv": "{name} jämfört med hela landet, varje år: värdet i procent av det nationella (totalt)"},
    "profile_table": {"nb": "{name}: alle indikatorer per år, mot nasjonal verdi",
                      "en": "{name}: every indicator by year, against the national value",
                      "fi": "{name}: kaikki indikaattorit vuosittain verrattuna koko maahan",
                      "sv": "{name}: alla indikatorer per år, jämfört med hela landet"},
    "profile_axis": {"nb": "Prosent av nasjonal verdi (nasjonalt = 100)", "en": "Percent of the national value (national = 100)",
                     "fi": "Prosenttia kansallisesta arvosta (koko maa = 100)",
                     "sv": "Procent av det nationella värdet (hela landet = 100)"},
    "profile_gaps": {"nb": "Punkter som mangler i diagrammet er prikket eller finnes ikke; tabellen viser hvilke.",
                     "en": "Points missing from the chart are suppressed or cannot exist; the table says which.",
                     "fi": "Kuviosta puuttuvat pisteet ovat suojattuja tai niitä ei voi olla; taulukko kertoo, kumpi.",
                     "sv": "Punkter som saknas i diagrammet är skyddade eller finns inte; tabellen visar vilka."},
    "in_force": {"nb": "Gyldig", "en": "In force", "fi": "Voimassa", "sv": "Gäller"},
    "in_force_from": {"nb": "fra {start}", "en": "from {start}", "fi": "{start} alkaen", "sv": "från {start}"},
    "in_force_to": {"nb": "til {end}", "en": "until {end}", "fi": "{end} asti", "sv": "till {end}"},
    "successors": {"nb": "Erstattet av", "en": "Replaced by", "fi": "Korvaajat", "sv": "Ersatt av"},
    "predecessors": {"nb": "Erstatter", "en": "Replaces", "fi": "Korvaa", "sv": "Ersätter"},
    "reporter_value": {"nb": "{reporter}", "en": "{reporter}", "fi": "{reporter}", "sv": "{reporter}"},
    "projects_intro": {"nb": "Utviklingsprosjekter: budsjettgjennomføring (brukt / budsjett), rekkevidde (deltakere / "
                             "måltall) og kostnad per deltaker, i euro (NOK omregnet med årets gjennomsnittskurs).",
                       "en": "Development projects: budget execution (spent / budget), reach (participants / target) "
                             "and cost per participant, in euro (NOK converted at the year's average rate).",
                       "fi": "Kehittämishankkeet: budjetin toteutuma (käytetty / budjetti), tavoittavuus (osallistujat / "
                             "tavoite) ja kustannus osallistujaa kohden euroina.",
                       "sv": "Utvecklingsprojekt: budgetutfall (använt / budget), räckvidd (deltagare / mål) och "
                             "kostnad per deltagare, i euro."},
    "budget_chart": {"nb": "Budsjettgjennomføring etter finansieringskilde, {year} (nasjonalt)",
                     "en": "Budget execution by funding source, {year} (national)",
                     "fi": "Budjetin toteutuma rahoituslähteittäin, {year} (koko maa)",
                     "sv": "Budgetutfall efter finansieringskälla, {year} (hela landet)"},
    "spent_eur": {"nb": "Brukt (EUR)", "en": "Spent (EUR)", "fi": "Käytetty (EUR)", "sv": "Använt (EUR)"},
    "budget_eur": {"nb": "Budsjett (EUR)", "en": "Budget (EUR)", "fi": "Budjetti (EUR)", "sv": "Budget (EUR)"},
    "participants": {"nb": "Deltakere", "en": "Participants", "fi": "Osallistujat", "sv": "Deltagare"},
    "target_participants": {"nb": "Måltall deltakere", "en": "Target participants", "fi": "Osallistujatavoite",
                            "sv": "Mål för deltagare"},
    "projects_table": {"nb": "Prosjekter per {reporter_word}, {year}", "en": "Projects by {reporter_word}, {year}",
                       "fi": "Hankkeet maakunnittain, {year}", "sv": "Projekt per {reporter_word}, {year}"},
    "funding_table": {"nb": "Budsjett etter finansieringskilde, {year}", "en": "Budget by funding source, {year}",
                      "fi": "Budjetti rahoituslähteittäin, {year}", "sv": "Budget efter finansieringskälla, {year}"},
    "delivery_intro": {"nb": "For dem som driver rapporteringen: filer levert, leveringer på nytt, avviste filer og rader "
                             "holdt tilbake (i karantene) etter regel, per {reporter_word} og år. Tallene teller filer "
                             "og rader, ikke personer.",
                       "en": "For the people who run the reporting: files delivered, resubmissions, rejected files and "
                             "rows held back (quarantined) by rule, per {reporter_word} and year. The figures count files "
                             "and rows, not persons.",
                       "fi": "Raportoinnin hoitajille: toimitetut tiedostot, uudelleentoimitukset, hylätyt tiedostot ja "
                             "karanteeniin pidätetyt rivit säännöittäin, maakunnittain ja vuosittain. Luvut laskevat "
                             "tiedostoja ja rivejä, eivät henkilöitä.",
                       "sv": "För dem som sköter rapporteringen: levererade filer, omleveranser, avvisade filer och rader "
                             "som hållits tillbaka (i karantän) per regel, per {reporter_word} och år. Siffrorna räknar "
                             "filer och rader, inte personer."},
    "on_time_note": {"nb": "Rapporteringskontrakten fastsetter ingen frist, så om en leveranse kom i tide kan ikke "
                           "vurderes. Tabellen viser i stedet hvor mange dager etter utgangen av en måned den første "
                           "filen for måneden kom inn (medianen over årets måneder), regnet fra da Guidestat mottok den.",
                     "en": "The reporting contract sets no deadline, so whether a delivery was on time cannot be "
                           "judged. Instead the table shows how many days after the end of a month its first file "
                           "arrived (the median over the year's months), counted from when Guidestat received it.",
                     "fi": "Raportointisopimuksessa ei ole määräaikaa, joten toimituksen ajallaan saapumista ei voi "
                           "arvioida. Taulukko näyttää sen sijaan, montako päivää kuukauden päättymisen jälkeen "
                           "kuukauden ensimmäinen tiedosto saapui (vuoden kuukausien mediaani), laskettuna siitä, "
                           "kun Guidestat vastaanotti sen.",
                     "sv": "Rapporteringskontraktet anger ingen tidsfrist, så om en leverans kom i tid kan inte "
                           "bedömas. Tabellen visar i stället hur många dagar efter månadens slut den första filen "
                           "för månaden kom in (medianen över årets månader), räknat från när Guidestat tog emot den."},
    "days_to_first_file": {"nb": "Dager til første fil (median)", "en": "Days to first file (median)",
                           "fi": "Päiviä ensimmäiseen tiedostoon (mediaani)", "sv": "Dagar till första filen (median)"},
    "periods": {"nb": "Perioder", "en": "Periods", "fi": "Jaksot", "sv": "Perioder"},
    "files_delivered": {"nb": "Filer levert", "en": "Files delivered", "fi": "Toimitetut tiedostot", "sv": "Levererade filer"},
    "resubmissions": {"nb": "Levert på nytt", "en": "Resubmissions", "fi": "Uudelleentoimitukset", "sv": "Omleveranser"},
    "files_rejected": {"nb": "Avviste filer", "en": "Rejected files", "fi": "Hylätyt tiedostot", "sv": "Avvisade filer"},
    "rows_received": {"nb": "Rader mottatt", "en": "Rows received", "fi": "Vastaanotetut rivit", "sv": "Mottagna rader"},
    "rows_quarantined": {"nb": "Rader i karantene", "en": "Rows quarantined", "fi": "Karanteenissa olevat rivit",
                         "sv": "Rader i karantän"},
    "rules": {"nb": "Etter regel", "en": "By rule", "fi": "Säännöittäin", "sv": "Per regel"},
    "delivery_table": {"nb": "Leveranser per {reporter_word} og år", "en": "Deliveries by {reporter_word} and year",
                       "fi": "Toimitukset maakunnittain ja vuosittain", "sv": "Leveranser per {reporter_word} och år"},
    "delivery_rules_table": {"nb": "Rader i karantene etter regel og år", "en": "Rows quarantined by rule and year",
                             "fi": "Karanteenissa olevat rivit säännöittäin ja vuosittain",
                             "sv": "Rader i karantän per regel och år"},
    "delivery_chart": {"nb": "Rader i karantene per periode og regel", "en": "Rows quarantined by period and rule",
                       "fi": "Karanteenissa olevat rivit jaksoittain ja säännöittäin",
                       "sv": "Rader i karantän per period och regel"},
    "delivery_missing": {"nb": "Denne utgivelsen har ingen tabell over leveransekvalitet.",
                         "en": "This release has no table of delivery quality.",
                         "fi": "Tässä julkaisussa ei ole toimitusten laatutaulukkoa.",
                         "sv": "Denna publicering har ingen tabell över leveransernas kvalitet."},
    "per_period_download": {"nb": "Alle perioder", "en": "Every period", "fi": "Kaikki jaksot", "sv": "Alla perioder"},
    "about_intro": {"nb": "Tallene er indikatorer for karriereveiledning beregnet av Guidestat fra fylkenes leveranser. "
                          "Bare verdier som har bestått statistisk konfidensialitetskontroll, publiseres.",
                    "en": "The figures are lifelong-guidance indicators computed by Guidestat from the reporters' "
                          "submissions. Only values that passed statistical disclosure control are published.",
                    "fi": "Luvut ovat Guidestatin maakuntien toimituksista laskemia elinikäisen ohjauksen indikaattoreita. "
                          "Vain tilastollisen tietosuojan tarkastuksen läpäisseet arvot julkaistaan.",
                    "sv": "Siffrorna är indikatorer för livslång vägledning som Guidestat beräknar från landskapens "
                          "leveranser. Endast värden som klarat statistisk röjandekontroll publiceras."},
    "about_thresholds": {"nb": "Et antall under {min_count} personer eller svar publiseres ikke; en verdi med nevner "
                               "under {reliable} merkes med lav pålitelighet (U).",
                         "en": "A count under {min_count} persons or responses is not published; a value over a "
                               "denominator under {reliable} is marked as of low reliability (U).",
                         "fi": "Alle {min_count} henkilön tai vastauksen määrää ei julkaista; arvo, jonka nimittäjä on "
                               "alle {reliable}, merkitään heikosti luotettavaksi (U).",
                         "sv": "Ett antal under {min_count} personer eller svar publiceras inte; ett värde med nämnare "
                               "under {reliable} märks med låg tillförlitlighet (U)."},
    "about_downloads": {"nb": "Hver tabell har nedlastinger: uttrekkene (CSV, XLSX, SDMX-CSV) og de samme tallene som "
                              "JSON-stat 2.0, formatet til de nordiske statistikkbyråenes PxWeb-API-er.",
                        "en": "Every table has downloads: the extracts (CSV, XLSX, SDMX-CSV) and the same figures as "
                              "JSON-stat 2.0, the format of the Nordic statistics offices' PxWeb APIs.",
                        "fi": "Jokaisella taulukolla on latauksia: poiminnat (CSV, XLSX, SDMX-CSV) ja samat luvut "
                              "JSON-stat 2.0 -muodossa, jota pohjoismaisten tilastovirastojen PxWeb-rajapinnat käyttävät.",
                        "sv": "Varje tabell har nedladdningar: uttagen (CSV, XLSX, SDMX-CSV) och samma siffror som "
                              "JSON-stat 2.0, formatet i de nordiska statistikbyråernas PxWeb-API:er."},
    "skip": {"nb": "Gå til innholdet", "en": "Skip to content", "fi": "Siirry sisältöön", "sv": "Gå till innehållet"},
    "choose": {"nb": "Velg land og språk", "en": "Choose a country and a language", "fi": "Valitse maa ja kieli",
               "sv": "Välj land och språk"},
}


def translate(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """The text of `key` in `lang`; English where the table has no such language (a goal of the other country)."""
    texts = table[key]
    return texts.get(lang) or texts["en"]


def ui_strings(lang: str) -> dict[str, str]:
    """Every UI string in one language: what the templates read as `t`."""
    return {key: translate(UI, key, lang) for key in UI}
