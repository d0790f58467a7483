"""The feedback reports' words: every fixed text, status, rule and gate hold in plain language, in the
reporter's languages (bokmål for Norway; Finnish and Swedish for Finland, Swedish first for Åland) with
English beside, and numbers, months and bounds as each language writes them.

The rule and status codes stay in the machine-readable CSV; here they only select a text.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal

from guidestat.contract import CONTRACT, ENTITIES, MAX_INVALID_SHARE
from guidestat.languages import BABEL_LOCALES, COUNTRY_LANGUAGES, LANGUAGE_NAMES

# Åland's one official language is Swedish (Självstyrelselagen 36 §): its reports lead in Swedish.
FIRST_LANGUAGE = {"FI-01": "sv"}


def report_languages(reporter: str | None) -> tuple[str, ...]:
    """The languages of a reporter's reports, the one it reads first first and English last; English alone for
    a file whose path names no known country."""
    languages = COUNTRY_LANGUAGES.get((reporter or "")[:2], ("en",))
    first = FIRST_LANGUAGE.get(reporter or "")
    return (first, *(lang for lang in languages if lang != first)) if first else languages


def number(value: float, lang: str) -> str:
    """1 200 in nb, fi and sv (a no-break space groups the thousands), 1,200 in en; decimals only where there are."""
    return format_decimal(value, locale=BABEL_LOCALES[lang])


ROW_WORDS = {"nb": ("rad", "rader"), "fi": ("rivi", "riviä"), "sv": ("rad", "rader"), "en": ("row", "rows")}


def rows(n: int, lang: str) -> str:
    """'1 rad', '3 rader'; '1 rivi', '3 riviä' (Finnish counts take the partitive)."""
    return f"{number(n, lang)} {ROW_WORDS[lang][0 if n == 1 else 1]}"


def period_name(period: str | None, lang: str) -> str:
    """The month as people say it: 'mars 2024', 'maaliskuu 2024', 'March 2024'; a malformed period as it is."""
    try:
        year, month = int(period[:4]), int(period[5:7])
        when = date(year, month, 1)
    except (TypeError, ValueError):
        return period or ""
    if len(period) != 7 or period[4] != "-":
        return period
    return format_date(when, "LLLL y", locale=BABEL_LOCALES[lang])


def received(at: datetime | None, lang: str) -> str:
    """'2. desember 2026 22:08', '2. joulukuuta 2026 klo 22.08', '2 December 2026 22:08'."""
    if at is None:
        return ""
    day = format_date(at, "long", locale=BABEL_LOCALES[lang])
    return f"{day} klo {at:%H.%M}" if lang == "fi" else f"{day} {at:%H:%M}"


BOUNDS = {
    "between": {"nb": "mellom {low} og {high}", "fi": "välillä {low}–{high}", "sv": "mellan {low} och {high}",
                "en": "between {low} and {high}"},
    "above": {"nb": "mer enn {low}", "fi": "yli {low}", "sv": "mer än {low}", "en": "more than {low}"},
    "at_least": {"nb": "minst {low}", "fi": "vähintään {low}", "sv": "minst {low}", "en": "at least {low}"},
    "at_most": {"nb": "høyst {high}", "fi": "enintään {high}", "sv": "högst {high}", "en": "at most {high}"},
    "and": {"nb": " og ", "fi": " ja ", "sv": " och ", "en": " and "},
}


def bounds(low: float | None, high: float | None, lang: str, low_exclusive: bool = False) -> str:
    """'between 1 and 480', 'more than 0 and at most 1', 'at most 1 000' in the language."""
    low_text = None if low is None else number(low, lang)
    high_text = None if high is None else number(high, lang)
    if low_text is not None and high_text is not None and not low_exclusive:
        return BOUNDS["between"][lang].format(low=low_text, high=high_text)
    parts = []
    if low_text is not None:
        parts.append(BOUNDS["above" if low_exclusive else "at_least"][lang].format(low=low_text))
    if high_text is not None:
        parts.append(BOUNDS["at_most"][lang].format(high=high_text))
    return BOUNDS["and"][lang].join(parts)


ENTITY_NAMES = {
    "contacts": {"nb": "veiledningskontakter", "fi": "ohjauksen yhteydenotot", "sv": "vägledningskontakter",
                 "en": "guidance contacts"},
    "outcomes": {"nb": "oppfølging (utfall)", "fi": "seurannan tulokset", "sv": "uppföljning (utfall)",
                 "en": "follow-up outcomes"},
    "survey": {"nb": "brukerundersøkelse", "fi": "asiakaskysely", "sv": "användarenkät", "en": "user survey"},
    "providers": {"nb": "tilbydere", "fi": "palveluntarjoajat", "sv": "anordnare", "en": "providers"},
    "practitioners": {"nb": "veiledere", "fi": "ohjaajat", "sv": "vägledare", "en": "practitioners"},
    "projects": {"nb": "utviklingsprosjekter", "fi": "kehittämishankkeet", "sv": "utvecklingsprojekt",
                 "en": "development projects"},
}


def entity_name(entity: str | None, lang: str) -> str:
    """'Veiledningskontakter (contacts)': the plain name, with the file name the contract gives it."""
    if entity not in ENTITY_NAMES:
        return entity or ""
    name = ENTITY_NAMES[entity][lang]
    return f"{name[0].upper()}{name[1:]} ({entity})"


STATUS = {
    "loaded": {"nb": "Lastet inn, ingen rader holdt tilbake", "fi": "Ladattu, ei rivejä karanteenissa",
               "sv": "Inläst, inga rader i karantän", "en": "Loaded, no rows held back"},
    "loaded_with_quarantine": {"nb": "Lastet inn, {rows} holdt tilbake", "fi": "Ladattu, {rows} karanteenissa",
                               "sv": "Inläst, {rows} i karantän", "en": "Loaded, {rows} held back"},
    "rejected": {"nb": "Avvist: ingen rader er lastet inn", "fi": "Hylätty: yhtään riviä ei ladattu",
                 "sv": "Avvisad: inga rader lästes in", "en": "Rejected: no row was loaded"},
}


def status_text(status: str, quarantined: int | None, lang: str) -> str:
    """A submission's outcome in words: 'Lastet inn, 3 rader holdt tilbake'."""
    return STATUS[status][lang].format(rows=rows(quarantined or 0, lang))


VERSION_STATE = {
    "in_force": {"nb": "gjelder", "fi": "voimassa", "sv": "gäller", "en": "in force"},
    "replaced": {"nb": "erstattet av en nyere versjon", "fi": "korvattu uudemmalla versiolla",
                 "sv": "ersatt av en nyare version", "en": "replaced by a newer version"},
    "not_in_force": {"nb": "gjelder ikke", "fi": "ei voimassa", "sv": "gäller inte", "en": "not in force"},
}


def version_state(in_force: bool, status: str, lang: str) -> str:
    key = "in_force" if in_force else ("not_in_force" if status == "rejected" else "replaced")
    return VERSION_STATE[key][lang]


# The short name of each row rule, for the tables.
RULE_TITLES = {
    "required": {"nb": "Mangler verdi", "fi": "Arvo puuttuu", "sv": "Värde saknas", "en": "Value missing"},
    "type_int": {"nb": "Ikke et heltall", "fi": "Ei kokonaisluku", "sv": "Inte ett heltal", "en": "Not a whole number"},
    "type_dec": {"nb": "Ikke et tall", "fi": "Ei luku", "sv": "Inte ett tal", "en": "Not a number"},
    "type_date": {"nb": "Ugyldig dato", "fi": "Virheellinen päivämäärä", "sv": "Ogiltigt datum", "en": "Not a valid date"},
    "type_bool": {"nb": "Ikke ja eller nei", "fi": "Ei kyllä tai ei", "sv": "Inte ja eller nej", "en": "Not yes or no"},
    "code": {"nb": "Ukjent kode", "fi": "Tuntematon koodi", "sv": "Okänd kod", "en": "Unknown code"},
    "range": {"nb": "Utenfor tillatt område", "fi": "Sallitun välin ulkopuolella", "sv": "Utanför tillåtet intervall",
              "en": "Out of range"},
    "date_in_period": {"nb": "Dato utenfor perioden", "fi": "Päivämäärä jakson ulkopuolella",
                       "sv": "Datum utanför perioden", "en": "Date outside the period"},
    "request_after_contact": {"nb": "Henvendelse etter kontakt", "fi": "Pyyntö yhteydenoton jälkeen",
                              "sv": "Förfrågan efter kontakten", "en": "Request after the contact"},
    "request_too_early": {"nb": "Henvendelse over et år før", "fi": "Pyyntö yli vuotta aiemmin",
                          "sv": "Förfrågan över ett år före", "en": "Request over a year before"},
    "birth_year_required": {"nb": "Fødselsår mangler", "fi": "Syntymävuosi puuttuu", "sv": "Födelseår saknas",
                            "en": "Birth year missing"},
    "age_range": {"nb": "Usannsynlig alder", "fi": "Epäuskottava ikä", "sv": "Orimlig ålder", "en": "Implausible age"},
    "municipality_format": {"nb": "Feil kommunenummer", "fi": "Virheellinen kuntanumero", "sv": "Fel kommunnummer",
                            "en": "Wrong municipality code"},
    "national_id_invalid": {"nb": "Ugyldig fødselsnummer", "fi": "Virheellinen henkilötunnus",
                            "sv": "Ogiltig personbeteckning", "en": "Invalid national ID number"},
    "id_birth_year_mismatch": {"nb": "Fødselsår stemmer ikke", "fi": "Syntymävuosi ei täsmää",
                               "sv": "Födelseåret stämmer inte", "en": "Birth year does not match"},
    "id_gender_mismatch": {"nb": "Kjønn stemmer ikke", "fi": "Sukupuoli ei täsmää", "sv": "Könet stämmer inte",
                           "en": "Gender does not match"},
    "no_answered_item": {"nb": "Ingen besvarte spørsmål", "fi": "Ei vastattuja kysymyksiä", "sv": "Inga besvarade frågor",
                         "en": "No answered question"},
    "end_before_start": {"nb": "Slutt før start", "fi": "Päättyy ennen alkua", "sv": "Slut före start",
                         "en": "Ends before it starts"},
    "national_goals": {"nb": "Ugyldige nasjonale mål", "fi": "Virheelliset kansalliset tavoitteet",
                       "sv": "Ogiltiga nationella mål", "en": "Invalid national goals"},
    "provider_unknown": {"nb": "Ukjent tilbyder", "fi": "Tuntematon palveluntarjoaja", "sv": "Okänd anordnare",
                         "en": "Unknown provider"},
    "duplicate_key": {"nb": "Gjentatt nøkkel", "fi": "Toistuva tunniste", "sv": "Upprepad nyckel", "en": "Repeated key"},
}

# What is wrong and how to fix it, per row rule ({column}, {allowed}, {bounds}, {period} filled in).
RULE_HELP = {
    "required": {
        "nb": "Kolonnen {column} er tom, men kontrakten krever en verdi. Fyll den ut på hver rad.",
        "fi": "Sarake {column} on tyhjä, vaikka sopimus edellyttää arvoa. Täytä se jokaiselle riville.",
        "sv": "Kolumnen {column} är tom, men kontraktet kräver ett värde. Fyll i den på varje rad.",
        "en": "The column {column} is empty, but the contract requires a value. Fill it in on every row."},
    "type_int": {
        "nb": "Kolonnen {column} må være et heltall (for eksempel 30). Fjern enheter, mellomrom og desimaler.",
        "fi": "Sarakkeessa {column} on oltava kokonaisluku (esimerkiksi 30). Poista yksiköt, välilyönnit ja desimaalit.",
        "sv": "Kolumnen {column} måste vara ett heltal (till exempel 30). Ta bort enheter, mellanslag och decimaler.",
        "en": "The column {column} must be a whole number (for example 30). Remove units, spaces and decimals."},
    "type_dec": {
        "nb": "Kolonnen {column} må være et tall, for eksempel 0.5 (i filer med semikolon som skilletegn går også 0,5).",
        "fi": "Sarakkeessa {column} on oltava luku, esimerkiksi 0.5 (puolipisteellä erotelluissa tiedostoissa myös 0,5).",
        "sv": "Kolumnen {column} måste vara ett tal, till exempel 0.5 (i filer med semikolon som avgränsare går även 0,5).",
        "en": "The column {column} must be a number, such as 0.5 (in files separated by semicolons 0,5 works too)."},
    "type_date": {
        "nb": "Kolonnen {column} har ikke en gyldig dato. Skriv datoer som ÅÅÅÅ-MM-DD (2024-03-15) eller DD.MM.ÅÅÅÅ "
              "(15.03.2024), med årstall fra 1900 til 2099.",
        "fi": "Sarakkeessa {column} ei ole kelvollista päivämäärää. Kirjoita päivämäärät muodossa VVVV-KK-PP (2024-03-15) "
              "tai PP.KK.VVVV (15.03.2024) vuosilta 1900–2099.",
        "sv": "Kolumnen {column} har inget giltigt datum. Skriv datum som ÅÅÅÅ-MM-DD (2024-03-15) eller DD.MM.ÅÅÅÅ "
              "(15.03.2024), med årtal från 1900 till 2099.",
        "en": "The column {column} does not hold a valid date. Write dates as YYYY-MM-DD (2024-03-15) or DD.MM.YYYY "
              "(15.03.2024), with years from 1900 to 2099."},
    "type_bool": {
        "nb": "Kolonnen {column} må være ja eller nei: skriv ja/nei, true/false eller 1/0.",
        "fi": "Sarakkeessa {column} on oltava kyllä tai ei: kirjoita kyllä/ei, true/false tai 1/0.",
        "sv": "Kolumnen {column} måste vara ja eller nej: skriv ja/nej, true/false eller 1/0.",
        "en": "The column {column} must be yes or no: write true/false or 1/0 (ja/nei, kyllä/ei and ja/nej work too)."},
    "code": {
        "nb": "Kolonnen {column} har en kode som ikke finnes i kontrakten. Bruk en av disse: {allowed}.",
        "fi": "Sarakkeessa {column} on koodi, jota sopimuksessa ei ole. Käytä jotakin näistä: {allowed}.",
        "sv": "Kolumnen {column} har en kod som inte finns i kontraktet. Använd någon av dessa: {allowed}.",
        "en": "The column {column} holds a code the contract does not know. Use one of: {allowed}."},
    "range": {
        "nb": "Verdien i kolonnen {column} er utenfor det tillatte området: den må være {bounds}. Kontroller og rett verdien.",
        "fi": "Sarakkeen {column} arvo on sallitun välin ulkopuolella: sen on oltava {bounds}. Tarkista ja korjaa arvo.",
        "sv": "Värdet i kolumnen {column} ligger utanför det tillåtna intervallet: det måste vara {bounds}. "
              "Kontrollera och rätta värdet.",
        "en": "The value in {column} is outside the allowed range: it must be {bounds}. Check and correct it."},
    "date_in_period": {
        "nb": "Datoen i {column} er ikke i {period}, måneden til mappen filen ble levert i. Flytt raden til filen for "
              "riktig måned, eller rett datoen.",
        "fi": "Sarakkeen {column} päivämäärä ei ole sen kansion kuukaudelta ({period}), johon tiedosto toimitettiin. "
              "Siirrä rivi oikean kuukauden tiedostoon tai korjaa päivämäärä.",
        "sv": "Datumet i {column} ligger inte i {period}, månaden för mappen som filen levererades i. Flytta raden till "
              "filen för rätt månad eller rätta datumet.",
        "en": "The date in {column} is not in {period}, the month of the folder the file was delivered in. Move the row "
              "to the file of its own month, or correct the date."},
    "request_after_contact": {
        "nb": "request_date er etter contact_date, men en henvendelse kommer før kontakten. Kontroller de to datoene.",
        "fi": "request_date on myöhempi kuin contact_date, vaikka pyyntö tehdään ennen yhteydenottoa. Tarkista "
              "molemmat päivämäärät.",
        "sv": "request_date är senare än contact_date, men en förfrågan kommer före kontakten. Kontrollera de två datumen.",
        "en": "request_date is after contact_date, but a request comes before the contact. Check the two dates."},
    "request_too_early": {
        "nb": "request_date er mer enn 365 dager før contact_date. Kontroller årstallet, og la request_date stå tom hvis "
              "datoen ikke er kjent.",
        "fi": "request_date on yli 365 päivää ennen contact_date-päivää. Tarkista vuosiluku ja jätä request_date "
              "tyhjäksi, jos päivämäärää ei tiedetä.",
        "sv": "request_date ligger mer än 365 dagar före contact_date. Kontrollera årtalet och lämna request_date tom om "
              "datumet inte är känt.",
        "en": "request_date is more than 365 days before contact_date. Check the year, and leave request_date empty "
              "if the date is not known."},
    "birth_year_required": {
        "nb": "birth_year må fylles ut når person_ref ikke er et fødselsnummer, men en lokal referanse. Fyll inn "
              "personens fødselsår.",
        "fi": "birth_year on pakollinen, kun person_ref ei ole henkilötunnus vaan paikallinen tunniste. Täytä henkilön "
              "syntymävuosi.",
        "sv": "birth_year måste fyllas i när person_ref inte är en personbeteckning utan en lokal referens. Fyll i "
              "personens födelseår.",
        "en": "birth_year is needed when person_ref is a local reference rather than a national ID number. Fill in "
              "the person's year of birth."},
    "age_range": {
        "nb": "Personens alder ved kontakten (kontaktåret minus fødselsåret) er ikke mellom 10 og 100. Kontroller "
              "birth_year (eller fødselsnummeret) og contact_date.",
        "fi": "Henkilön ikä yhteydenoton aikaan (yhteydenoton vuosi miinus syntymävuosi) ei ole välillä 10–100. "
              "Tarkista birth_year (tai henkilötunnus) ja contact_date.",
        "sv": "Personens ålder vid kontakten (kontaktåret minus födelseåret) är inte mellan 10 och 100. Kontrollera "
              "birth_year (eller personbeteckningen) och contact_date.",
        "en": "The person's age at the contact (the contact's year minus the year of birth) is not between 10 and 100. "
              "Check birth_year (or the national ID number) and contact_date."},
    "municipality_format": {
        "nb": "municipality_code har feil form: et kommunenummer har fire sifre (for eksempel 0301). Behold nullen "
              "foran; formater kolonnen som tekst i regnearket.",
        "fi": "municipality_code on väärässä muodossa: kuntanumerossa on kolme numeroa (esimerkiksi 091). Säilytä "
              "etunollat muotoilemalla sarake taulukkolaskennassa tekstiksi.",
        "sv": "municipality_code har fel form: ett kommunnummer har tre siffror (till exempel 091). Behåll nollorna "
              "först; formatera kolumnen som text i kalkylbladet.",
        "en": "municipality_code has the wrong form: Norwegian municipality numbers have four digits (0301), Finnish "
              "ones three (091). Keep the leading zeros: format the column as text in the spreadsheet."},
    "national_id_invalid": {
        "nb": "person_ref ser ut som et fødselsnummer, men har feil form eller kontrollsifrene stemmer ikke. Kontroller "
              "nummeret i fagsystemet. Selve nummeret vises aldri i denne rapporten.",
        "fi": "person_ref näyttää henkilötunnukselta, mutta se on väärässä muodossa tai sen tarkistusmerkki ei täsmää. "
              "Tarkista tunnus lähdejärjestelmästä. Itse tunnusta ei koskaan näytetä tässä raportissa.",
        "sv": "person_ref ser ut som en personbeteckning, men har fel form eller så stämmer kontrolltecknet inte. "
              "Kontrollera beteckningen i källsystemet. Själva beteckningen visas aldrig i denna rapport.",
        "en": "person_ref looks like a national ID number, but it is malformed or its check digits do not add up. "
              "Check the number in the source system. The number itself is never shown in this report."},
    "id_birth_year_mismatch": {
        "nb": "birth_year er et annet år enn fødselsåret i fødselsnummeret. Rett birth_year, eller la den stå tom: "
              "fødselsnummeret gir fødselsåret.",
        "fi": "birth_year poikkeaa henkilötunnuksen syntymävuodesta. Korjaa birth_year tai jätä se tyhjäksi: "
              "syntymävuosi saadaan henkilötunnuksesta.",
        "sv": "birth_year är ett annat år än födelseåret i personbeteckningen. Rätta birth_year eller lämna den tom: "
              "födelseåret framgår av personbeteckningen.",
        "en": "birth_year differs from the year of birth in the national ID number. Correct birth_year, or leave it "
              "empty: the national ID number gives it."},
    "id_gender_mismatch": {
        "nb": "gender stemmer ikke med kjønnet i fødselsnummeret. Kontroller kolonnen gender.",
        "fi": "gender ei vastaa henkilötunnuksen mukaista sukupuolta. Tarkista gender-sarake.",
        "sv": "gender stämmer inte med könet i personbeteckningen. Kontrollera kolumnen gender.",
        "en": "gender differs from the gender in the national ID number. Check the gender column."},
    "no_answered_item": {
        "nb": "Svaret har ingen besvarte spørsmål: satisfaction og alle før- og etterspørsmålene er tomme. Ta ut svar "
              "der ingen spørsmål er besvart.",
        "fi": "Vastauksessa ei ole yhtään vastattua kysymystä: satisfaction ja kaikki ennen- ja jälkeen-kysymykset "
              "ovat tyhjiä. Jätä pois vastaukset, joissa mihinkään kysymykseen ei ole vastattu.",
        "sv": "Svaret har ingen besvarad fråga: satisfaction och alla före- och efterfrågor är tomma. Ta bort svar där "
              "ingen fråga har besvarats.",
        "en": "The response answers no question: satisfaction and every before and after item are empty. Leave out "
              "responses that answer nothing."},
    "end_before_start": {
        "nb": "end_date er før start_date. Kontroller prosjektets datoer.",
        "fi": "end_date on ennen start_date-päivää. Tarkista hankkeen päivämäärät.",
        "sv": "end_date är före start_date. Kontrollera projektets datum.",
        "en": "end_date is before start_date. Check the project's dates."},
    "national_goals": {
        "nb": "national_goals må være målnumre fra 1 til 5 skilt med | (for eksempel 1|3), hvert nummer bare én gang.",
        "fi": "national_goals-sarakkeessa on oltava tavoitenumerot 1–5 pystyviivalla | erotettuina (esimerkiksi 1|3), "
              "kukin vain kerran.",
        "sv": "national_goals ska vara målnummer från 1 till 5 åtskilda med | (till exempel 1|3), varje nummer bara "
              "en gång.",
        "en": "national_goals must be goal numbers from 1 to 5 separated by | (for example 1|3), each number once."},
    "provider_unknown": {
        "nb": "provider_id finnes ikke i providers-filen deres som gjelder. Legg tilbyderen inn i providers.csv, eller "
              "rett ID-en.",
        "fi": "provider_id puuttuu voimassa olevasta providers-tiedostostanne. Lisää palveluntarjoaja "
              "providers.csv-tiedostoon tai korjaa tunniste.",
        "sv": "provider_id finns inte i er gällande providers-fil. Lägg till anordnaren i providers.csv eller rätta id:t.",
        "en": "provider_id is not in your providers file in force. Add the provider to providers.csv, or correct "
              "the ID."},
    "duplicate_key": {
        "nb": "Nøkkelen i {column} er brukt på en tidligere rad (i denne eller en tidligere fil); den første raden ble "
              "lastet inn. Gi hver rad sin egen {column}, eller ta ut den gjentatte raden.",
        "fi": "Sarakkeen {column} tunniste on jo käytetty aiemmalla rivillä (tässä tai aiemmassa tiedostossa); "
              "ensimmäinen rivi ladattiin. Anna jokaiselle riville oma {column} tai poista toistuva rivi.",
        "sv": "Nyckeln i {column} har redan använts på en tidigare rad (i denna eller en tidigare fil); den första "
              "raden lästes in. Ge varje rad ett eget {column} eller ta bort den upprepade raden.",
        "en": "The key in {column} was used on an earlier row (in this file or an earlier one); the first row was "
              "loaded. Give every row its own {column}, or remove the repeated row."},
}

# Why a whole file was rejected, and what to do ({entities}, {share} filled in).
FILE_RULE_HELP = {
    "unreadable": {
        "nb": "Filen kunne ikke leses. Lagre den på nytt som CSV (UTF-8) eller XLSX, og lever den på nytt.",
        "fi": "Tiedostoa ei voitu lukea. Tallenna se uudelleen CSV- (UTF-8) tai XLSX-muodossa ja toimita se uudelleen.",
        "sv": "Filen kunde inte läsas. Spara den på nytt som CSV (UTF-8) eller XLSX och leverera den igen.",
        "en": "The file could not be read. Save it again as CSV (UTF-8) or XLSX and deliver it again."},
    "unknown_reporter": {
        "nb": "Den første mappen har ikke koden til en kjent rapportør. Legg filen i mappen med rapportørkoden deres "
              "(for eksempel NO-03).",
        "fi": "Ensimmäisen kansion nimi ei ole tunnetun raportoijan koodi. Tallenna tiedosto raportoijakoodinne "
              "mukaiseen kansioon (esimerkiksi FI-18).",
        "sv": "Den första mappen har inte koden för en känd rapportör. Lägg filen i mappen med er rapportörskod "
              "(till exempel FI-18).",
        "en": "The first folder does not name a known reporter. Put the file in the folder of your reporter code "
              "(for example NO-03)."},
    "reporter_not_valid": {
        "nb": "Rapportørkoden var ikke en rapporteringsenhet i denne perioden (fylkene har endret seg). Lever under "
              "koden som gjaldt for perioden.",
        "fi": "Raportoijakoodi ei ollut raportoiva yksikkö tällä jaksolla. Toimita tiedosto jaksolla voimassa "
              "olleella koodilla.",
        "sv": "Rapportörskoden var inte en rapporterande enhet under denna period. Leverera under den kod som gällde "
              "för perioden.",
        "en": "The reporter code was not a reporting unit in this period (counties and regions change). Deliver under "
              "the code valid for the period."},
    "unknown_entity": {
        "nb": "Filnavnet er ikke en av kontraktens filer: {entities} (.csv eller .xlsx). Gi filen riktig navn.",
        "fi": "Tiedoston nimi ei ole mikään sopimuksen tiedostoista: {entities} (.csv tai .xlsx). Nimeä tiedosto "
              "uudelleen.",
        "sv": "Filnamnet är inte någon av kontraktets filer: {entities} (.csv eller .xlsx). Byt namn på filen.",
        "en": "The file name is not one of the contract's files: {entities} (.csv or .xlsx). Rename the file."},
    "bad_period": {
        "nb": "Periodemappen må hete år og måned som ÅÅÅÅ-MM (for eksempel 2024-03).",
        "fi": "Jakson kansion nimen on oltava vuosi ja kuukausi muodossa VVVV-KK (esimerkiksi 2024-03).",
        "sv": "Periodmappen ska heta år och månad som ÅÅÅÅ-MM (till exempel 2024-03).",
        "en": "The period folder must be named by year and month as YYYY-MM (for example 2024-03)."},
    "future_period": {
        "nb": "Perioden har ikke begynt ennå, så den kan ikke rapporteres. Kontroller periodemappen.",
        "fi": "Jakso ei ole vielä alkanut, joten siitä ei voi raportoida. Tarkista jakson kansio.",
        "sv": "Perioden har inte börjat ännu, så den kan inte rapporteras. Kontrollera periodmappen.",
        "en": "The period has not begun yet, so it cannot be reported. Check the period folder."},
    "not_a_regular_file": {
        "nb": "En lenke, en mappe eller en enhet ligger der filen skal være, og den blir aldri åpnet. Lever selve filen.",
        "fi": "Tiedoston paikalla on linkki, kansio tai laite, eikä sitä avata. Toimita itse tiedosto.",
        "sv": "En länk, en mapp eller en enhet ligger där filen ska vara, och den öppnas aldrig. Leverera själva filen.",
        "en": "A link, a folder or a device stands where the file belongs, and it is never opened. Deliver the file "
              "itself."},
    "file_name_not_utf8": {
        "nb": "Filnavnet er ikke gyldig UTF-8, så filen blir ikke lest. Gi den nytt navn (med æ, ø og å lagret som "
              "UTF-8), og lever den på nytt.",
        "fi": "Tiedoston nimi ei ole kelvollista UTF-8:aa, joten tiedostoa ei lueta. Nimeä se uudelleen (ä ja ö "
              "UTF-8-muodossa) ja toimita se uudelleen.",
        "sv": "Filnamnet är inte giltig UTF-8, så filen läses inte. Byt namn på den (med å, ä och ö sparade som UTF-8) "
              "och leverera den igen.",
        "en": "The file name is not valid UTF-8, so the file is not read. Rename it (letters such as ø or ä saved as "
              "UTF-8) and deliver it again."},
    "bad_format": {
        "nb": "Filen er verken .csv eller .xlsx, eller den ligger ikke i en mappe <rapportør>/<ÅÅÅÅ-MM>/. Lever CSV- "
              "eller XLSX-filer i kontraktens mapper.",
        "fi": "Tiedosto ei ole .csv- eikä .xlsx-tiedosto, tai se ei ole kansiossa <raportoija>/<VVVV-KK>/. Toimita "
              "CSV- tai XLSX-tiedostoja sopimuksen mukaisiin kansioihin.",
        "sv": "Filen är varken .csv eller .xlsx, eller så ligger den inte i en mapp <rapportör>/<ÅÅÅÅ-MM>/. Leverera "
              "CSV- eller XLSX-filer i kontraktets mappar.",
        "en": "The file is neither .csv nor .xlsx, or it is not in a <reporter>/<YYYY-MM>/ folder. Deliver CSV or "
              "XLSX files in the contract's folders."},
    "missing_columns": {
        "nb": "Påkrevde kolonner mangler (se detaljene). Sammenlign overskriftsraden med kontrakten; store og små "
              "bokstaver og mellomrom rundt navnene spiller ingen rolle.",
        "fi": "Pakollisia sarakkeita puuttuu (katso tiedot). Vertaa otsikkoriviä sopimukseen; isoilla ja pienillä "
              "kirjaimilla tai nimien ympärillä olevilla välilyönneillä ei ole merkitystä.",
        "sv": "Obligatoriska kolumner saknas (se detaljerna). Jämför rubrikraden med kontraktet; stora och små "
              "bokstäver och mellanslag runt namnen spelar ingen roll.",
        "en": "Required columns are missing (see the details). Compare the header row with the contract; case and "
              "spaces around the names do not matter."},
    "duplicate_columns": {
        "nb": "En kolonne har samme navn to ganger i overskriftsraden. Fjern den gjentatte kolonnen, eller gi den "
              "nytt navn.",
        "fi": "Otsikkorivillä on sama sarakkeen nimi kahdesti. Poista toistuva sarake tai nimeä se uudelleen.",
        "sv": "En kolumn har samma namn två gånger i rubrikraden. Ta bort den upprepade kolumnen eller byt namn på den.",
        "en": "A column is named twice in the header row. Remove the repeated column or rename it."},
    "too_many_invalid": {
        "nb": "Mer enn {share} av radene bryter en regel, så hele filen er avvist. Rett radene nedenfor, og lever "
              "filen på nytt.",
        "fi": "Yli {share} riveistä rikkoo jotakin sääntöä, joten koko tiedosto hylättiin. Korjaa alla luetellut "
              "rivit ja toimita tiedosto uudelleen.",
        "sv": "Mer än {share} av raderna bryter mot en regel, så hela filen avvisades. Rätta raderna nedan och "
              "leverera filen igen.",
        "en": "More than {share} of the rows break a rule, so the whole file is rejected. Correct the rows below and "
              "deliver the file again."},
    "empty": {
        "nb": "Filen har en overskriftsrad, men ingen datarader. Lever filen med radene.",
        "fi": "Tiedostossa on otsikkorivi mutta ei tietorivejä. Toimita tiedosto riveineen.",
        "sv": "Filen har en rubrikrad men inga datarader. Leverera filen med dess rader.",
        "en": "The file has a header row but no data rows. Deliver the file with its rows."},
}


def rule_title(rule: str, lang: str) -> str:
    return RULE_TITLES[rule][lang] if rule in RULE_TITLES else rule


def rule_help(rule: str, column: str | None, entity: str | None, period: str | None, lang: str) -> str:
    """What is wrong with a row and how to fix it, with the allowed codes or bounds of the column."""
    if rule not in RULE_HELP:
        return rule
    spec = CONTRACT[entity].column(column) if entity in CONTRACT and column in CONTRACT[entity].column_names else None
    allowed = ", ".join(spec.codes) if spec is not None else ""
    limits = bounds(spec.min, spec.max, lang, spec.min_exclusive) if spec is not None else ""
    return RULE_HELP[rule][lang].format(column=column, allowed=allowed, bounds=limits,
                                        period=period_name(period, lang))


def file_rule_help(rule: str, lang: str) -> str:
    """Why a whole file was rejected and what to do."""
    if rule not in FILE_RULE_HELP:
        return rule
    share = format_decimal(MAX_INVALID_SHARE * 100, locale=BABEL_LOCALES[lang]) + " %"
    return FILE_RULE_HELP[rule][lang].format(entities=", ".join(ENTITIES), share=share)


QUOTES = {"nb": "«{}»", "fi": "”{}”", "sv": "”{}”", "en": "“{}”"}
HOLD = {
    "range": {
        "nb": "Indikatoren {indicator} for {year} ble {observed}, som ikke er et troverdig tall: verdien bør være "
              "{bounds}.",
        "fi": "Indikaattorin {indicator} arvo vuodelta {year} on {observed}, mikä ei ole uskottavaa: arvon pitäisi "
              "olla {bounds}.",
        "sv": "Indikatorn {indicator} för {year} blev {observed}, vilket inte är rimligt: värdet borde vara {bounds}.",
        "en": "The indicator {indicator} for {year} came out at {observed}, which is not plausible: it should be "
              "{bounds}."},
    "range_no_value": {
        "nb": "Indikatoren {indicator} for {year} har ikke en troverdig verdi: den bør være {bounds}.",
        "fi": "Indikaattorin {indicator} arvo vuodelta {year} ei ole uskottava: arvon pitäisi olla {bounds}.",
        "sv": "Indikatorn {indicator} för {year} är inte rimlig: värdet borde vara {bounds}.",
        "en": "The indicator {indicator} for {year} is not plausible: it should be {bounds}."},
    "other": {
        "nb": "Indikatoren {indicator} for {year} besto ikke en kontroll av at tallene henger sammen.",
        "fi": "Indikaattori {indicator} vuodelta {year} ei läpäissyt lukujen johdonmukaisuuden tarkistusta.",
        "sv": "Indikatorn {indicator} för {year} klarade inte en kontroll av att siffrorna hänger ihop.",
        "en": "The indicator {indicator} for {year} failed a check that the figures are consistent."},
    "other_no_indicator": {
        "nb": "Tallene deres for {year} besto ikke en kontroll av at tallene henger sammen.",
        "fi": "Vuoden {year} lukunne eivät läpäisseet lukujen johdonmukaisuuden tarkistusta.",
        "sv": "Era siffror för {year} klarade inte en kontroll av att siffrorna hänger ihop.",
        "en": "Your figures for {year} failed a check that the figures are consistent."},
    "what_to_do": {
        "nb": "Kontroller omfanget i filene dere har levert for {year} – for eksempel kontakter som er levert to ganger, "
              "testdata eller rader fra feil måned – og lever en rettet fil for {year}. Til da holdes tallene deres for "
              "{year} utenfor alt som publiseres.",
        "fi": "Tarkista vuodelta {year} toimittamienne tiedostojen rivimäärät – esimerkiksi kahteen kertaan toimitetut "
              "yhteydenotot, testiaineisto tai väärän kuukauden rivit – ja toimita korjattu tiedosto vuodelta {year}. "
              "Siihen asti vuoden {year} lukujanne ei julkaista.",
        "sv": "Kontrollera volymerna i filerna ni har levererat för {year} – till exempel kontakter som levererats två "
              "gånger, testdata eller rader från fel månad – och leverera en rättad fil för {year}. Till dess publiceras "
              "inte era siffror för {year}.",
        "en": "Check the volumes in the files you delivered for {year} – for example contacts delivered twice, test "
              "data or rows from the wrong month – and deliver a corrected file for {year}. Until then your figures "
              "for {year} are left out of everything published."},
}


def hold_sentences(findings: list[dict], year: int, indicator_names: dict[str, dict[str, str]], lang: str) -> list[str]:
    """The gate's findings on a held reporter-year as plain sentences (one per indicator and check, without
    repeats), then what to do."""
    sentences: list[str] = []
    for found in findings:
        for indicator in found.get("indicators") or [None]:
            if indicator is None:
                text = HOLD["other_no_indicator"][lang].format(year=year)
            else:
                name = indicator_names.get(indicator, {}).get(lang)
                shown = f"{QUOTES[lang].format(name)} ({indicator})" if name else indicator
                if "min" in found or "max" in found:
                    limits = bounds(found.get("min"), found.get("max"), lang)
                    value = (found.get("observed") or {}).get(indicator)
                    key = "range" if value is not None else "range_no_value"
                    text = HOLD[key][lang].format(indicator=shown, year=year, bounds=limits,
                                                  observed=None if value is None else number(round(value, 2), lang))
                else:
                    text = HOLD["other"][lang].format(indicator=shown, year=year)
            if text not in sentences:
                sentences.append(text)
    return [*sentences, HOLD["what_to_do"][lang].format(year=year)]


# The markers that stand in a report where a person reference or an ID-like number was (row_rules.WITHHELD,
# reading.without_identifiers), in each language.
WITHHELD = {
    "(national ID withheld)": {"nb": "(fødselsnummer vises ikke)", "fi": "(henkilötunnusta ei näytetä)",
                               "sv": "(personbeteckningen visas inte)", "en": "(national ID withheld)"},
    "(pseudonym withheld)": {"nb": "(personreferanse vises ikke)", "fi": "(henkilötunnistetta ei näytetä)",
                             "sv": "(personreferensen visas inte)", "en": "(pseudonym withheld)"},
    "(ID withheld)": {"nb": "(ID vises ikke)", "fi": "(tunnusta ei näytetä)", "sv": "(id visas inte)",
                      "en": "(ID withheld)"},
}


def withheld_in(value: str | None, lang: str) -> str | None:
    """A shown value with its withheld-markers in the language."""
    if value is None or "withheld)" not in value:
        return value
    for marker, texts in WITHHELD.items():
        value = value.replace(marker, texts[lang])
    return value


# The reports' and index pages' fixed text.
UI = {
    "title": {"nb": "Tilbakemelding på levert fil", "fi": "Palaute toimitetusta tiedostosta",
              "sv": "Återkoppling på levererad fil", "en": "Feedback on a submitted file"},
    "file": {"nb": "Fil", "fi": "Tiedosto", "sv": "Fil", "en": "File"},
    "reporter": {"nb": "Rapportør", "fi": "Raportoija", "sv": "Rapportör", "en": "Reporter"},
    "reporter_NO": {"nb": "Fylke", "fi": "Maakunta", "sv": "Fylke", "en": "County"},
    "reporter_FI": {"nb": "Region", "fi": "Maakunta", "sv": "Landskap", "en": "Region"},
    "period": {"nb": "Periode", "fi": "Jakso", "sv": "Period", "en": "Period"},
    "contents": {"nb": "Innhold", "fi": "Sisältö", "sv": "Innehåll", "en": "Contents"},
    "version": {"nb": "Versjon", "fi": "Versio", "sv": "Version", "en": "Version"},
    "received": {"nb": "Mottatt", "fi": "Vastaanotettu", "sv": "Mottagen", "en": "Received"},
    "checksum": {"nb": "Kontrollsum (SHA-256)", "fi": "Tarkistussumma (SHA-256)", "sv": "Kontrollsumma (SHA-256)",
                 "en": "Checksum (SHA-256)"},
    "read_as": {"nb": "Lest som", "fi": "Luettu muodossa", "sv": "Läst som", "en": "Read as"},
    "delimiter": {"nb": "skilletegn", "fi": "erotin", "sv": "avgränsare", "en": "delimiter"},
    "outcome": {"nb": "Resultat", "fi": "Tulos", "sv": "Resultat", "en": "Outcome"},
    "details": {"nb": "Tekniske detaljer", "fi": "Tekniset tiedot", "sv": "Tekniska detaljer", "en": "Technical details"},
    "rows": {"nb": "Rader", "fi": "Rivit", "sv": "Rader", "en": "Rows"},
    "rows_counted": {"nb": "{file} i filen, {loaded} lastet inn, {held} holdt tilbake",
                     "fi": "tiedostossa {file}, ladattu {loaded}, karanteenissa {held}",
                     "sv": "{file} i filen, {loaded} inlästa, {held} i karantän",
                     "en": "{file} in the file, {loaded} loaded, {held} held back"},
    "rows_rejected": {"nb": "{file} i filen, ingen lastet inn", "fi": "tiedostossa {file}, yhtään ei ladattu",
                      "sv": "{file} i filen, ingen inläst", "en": "{file} in the file, none loaded"},
    "ignored": {"nb": "Kolonner som ble ignorert", "fi": "Ohitetut sarakkeet", "sv": "Kolumner som ignorerades",
                "en": "Columns ignored"},
    "not_in_contract": {"nb": "ikke i kontrakten", "fi": "eivät kuulu sopimukseen", "sv": "inte i kontraktet",
                        "en": "not in the contract"},
    "held_back": {"nb": "Holdt tilbake fra publisering", "fi": "Pidätetty julkaisusta",
                  "sv": "Hålls tillbaka från publicering", "en": "Held back from publication"},
    "held_intro": {"nb": "Tallene deres for {year} besto ikke kontrollene før publisering og holdes utenfor alle "
                         "publiserte tall til dere leverer på nytt for {year}.",
                   "fi": "Vuoden {year} lukunne eivät läpäisseet julkaisua edeltäviä tarkistuksia, eikä niitä oteta "
                         "mukaan julkaistuihin lukuihin ennen kuin toimitatte vuoden {year} tiedot uudelleen.",
                   "sv": "Era siffror för {year} klarade inte kontrollerna före publicering och hålls utanför alla "
                         "publicerade siffror tills ni levererar på nytt för {year}.",
                   "en": "Your figures for {year} failed the checks before publication and are left out of every "
                         "published figure until you deliver again for {year}."},
    "all_loaded": {"nb": "Alle radene ble lastet inn.", "fi": "Kaikki rivit ladattiin.", "sv": "Alla rader lästes in.",
                   "en": "Every row was loaded."},
    "by_rule": {"nb": "Feil etter regel", "fi": "Virheet säännöittäin", "sv": "Fel per regel", "en": "Problems by rule"},
    "problem": {"nb": "Feil", "fi": "Virhe", "sv": "Fel", "en": "Problem"},
    "column": {"nb": "Kolonne", "fi": "Sarake", "sv": "Kolumn", "en": "Column"},
    "how_to_fix": {"nb": "Hva er galt, og hvordan rette det", "fi": "Mikä on vialla ja miten sen korjaa",
                   "sv": "Vad som är fel och hur det rättas", "en": "What is wrong and how to fix it"},
    "quarantined": {"nb": "Rader holdt tilbake", "fi": "Karanteenissa olevat rivit", "sv": "Rader i karantän",
                    "en": "Rows held back"},
    "first_of": {"nb": "de første {shown} av {total}; alle står i {csv}",
                 "fi": "ensimmäiset {shown}/{total}; kaikki ovat tiedostossa {csv}",
                 "sv": "de första {shown} av {total}; alla finns i {csv}",
                 "en": "the first {shown} of {total}; all are in {csv}"},
    "row_note": {"nb": "Radnumrene teller overskriften som rad 1, slik et regneark viser dem. Personreferanser vises ikke.",
                 "fi": "Rivinumeroissa otsikkorivi on rivi 1, kuten taulukkolaskentaohjelmassa. Henkilötunnisteita ei "
                       "näytetä.",
                 "sv": "Radnumren räknar rubrikraden som rad 1, som i ett kalkylblad. Personreferenser visas inte.",
                 "en": "Row numbers count the header as row 1, as a spreadsheet shows them. Person references are "
                       "withheld."},
    "row": {"nb": "Rad", "fi": "Rivi", "sv": "Rad", "en": "Row"},
    "value": {"nb": "Verdi", "fi": "Arvo", "sv": "Värde", "en": "Value"},
    "csv_note": {"nb": "Alle radene som er holdt tilbake, kan filtreres i {csv} (forklaring i kolonnen explanation).",
                 "fi": "Kaikkia karanteenissa olevia rivejä voi suodattaa tiedostossa {csv} (selitys sarakkeessa "
                       "explanation).",
                 "sv": "Alla rader i karantän kan filtreras i {csv} (förklaring i kolumnen explanation).",
                 "en": "Every row held back can be filtered in {csv} (explained in the column explanation)."},
    "index_title": {"nb": "Tilbakemeldinger til {name}", "fi": "Palautteet: {name}", "sv": "Återkoppling till {name}",
                    "en": "Feedback reports for {name}"},
    "index_intro": {"nb": "Alle filene dere har levert, med hver versjon, nyeste først.",
                    "fi": "Kaikki toimittamanne tiedostot ja niiden versiot, uusin ensin.",
                    "sv": "Alla filer ni har levererat, med varje version, nyaste först.",
                    "en": "Every file you delivered, with every version, newest first."},
    "report": {"nb": "Rapport", "fi": "Raportti", "sv": "Rapport", "en": "Report"},
    "all_reporters": {"nb": "Alle rapportører", "fi": "Kaikki raportoijat", "sv": "Alla rapportörer",
                      "en": "All reporters"},
    "languages": {"nb": "Språk", "fi": "Kieli", "sv": "Språk", "en": "Language"},
}


def ui_strings(lang: str) -> dict[str, str]:
    """Every fixed text in one language: what the templates read as `t`."""
    return {key: texts[lang] for key, texts in UI.items()} | {"language_name": LANGUAGE_NAMES[lang]}
