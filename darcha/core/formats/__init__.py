"""Date formats for every language (FORMAT_MODULE_PATH): dates are typed and shown as DD.MM.YYYY.

Uzbekistan writes dates day first with dots in every language; Django's English formats are American
(m/d/Y), its Russian ones do not read ISO dates, and Uzbek Cyrillic falls back to Uzbek. Each language's
module (en, ru, uz; uz_Cyrl falls back to uz) takes these values; other formats stay Django's.
"""

# Typed: day first with dots (the way every receipt, passport and decree writes a date), or ISO, as
# a browser's own date picker and the API send it. Never month first: 03/04/2026 would be ambiguous.
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
