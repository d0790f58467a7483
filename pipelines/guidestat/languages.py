"""The languages Guidestat speaks to each country: the publication's pages and the reporters' feedback reports.

Norway in bokmål and English, Finland in Finnish, Swedish and English; the number formats of each (Babel
locales). One copy, below the stages, so the ingest's reports and the publication's site agree.
"""

from __future__ import annotations

COUNTRY_LANGUAGES = {"NO": ("nb", "en"), "FI": ("fi", "sv", "en")}
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "en": "English", "fi": "Suomi", "sv": "Svenska"}
# Babel locales: the number formats of each language (Swedish as written in Finland).
BABEL_LOCALES = {"nb": "nb_NO", "en": "en_GB", "fi": "fi_FI", "sv": "sv_FI"}
