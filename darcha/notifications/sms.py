"""How long an SMS is: its encoding and the number of segments the operator bills and delivers.

An SMS carries 140 bytes. Text that uses only the GSM 03.38 alphabet (GSM-7) fits 160 characters;
any other character (Cyrillic, but also the Uzbek Latin letters' ʻ and ʼ, curly quotes, the en dash)
switches the whole message to UCS-2, 70 UTF-16 units. A longer message is split into segments of
153 (GSM-7) or 67 (UCS-2) units, each header eating the rest. Characters of GSM-7's extension table
(`{}[]~^|\\€` and the form feed) take two units.

`for_sms` rewrites Latin-script text into GSM-7 when only typographic characters stand in the way
(Uzbek's ʻ and ʼ become the apostrophe every Uzbek keyboard types anyway), so an Uzbek Latin message
keeps its 160 characters; Cyrillic text stays as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# GSM 03.38 basic character set (3GPP TS 23.038, 6.2.1), the escape itself excluded.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table (6.2.1.1): each takes an escape and the character.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE = {"gsm7": 160, "ucs2": 70}
PART = {"gsm7": 153, "ucs2": 67}

# Typographic characters with a GSM-7 stand-in that reads the same on a phone.
STAND_INS = str.maketrans(
    {
        "\u02bb": "'",  # ʻ modifier letter turned comma (oʻ, gʻ)
        "\u02bc": "'",  # ʼ modifier letter apostrophe (tutuq belgisi)
        "\u2018": "'",
        "\u2019": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def measure(text: str) -> SmsLength:
    """The encoding an SMS gateway must use for `text`, its length in units, and its segments."""
    if is_gsm7(text):
        encoding = "gsm7"
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    else:
        encoding = "ucs2"
        units = len(text.encode("utf-16-le")) // 2
    if units <= SINGLE[encoding]:
        return SmsLength(encoding, units, 1 if units else 0)
    return SmsLength(encoding, units, math.ceil(units / PART[encoding]))


def for_sms(text: str) -> str:
    """`text` in GSM-7 if typographic stand-ins are all it takes; otherwise unchanged."""
    plain = text.translate(STAND_INS)
    return plain if is_gsm7(plain) else text
