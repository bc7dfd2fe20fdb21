"""SMS length: GSM-7 or UCS-2, units and segments as operators count them (3GPP TS 23.038)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from darcha.notifications.sms import GSM7_BASIC, for_sms, is_gsm7, measure


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "gsm7", 0, 0),
        ("a" * 160, "gsm7", 160, 1),
        ("a" * 161, "gsm7", 161, 2),  # 153 a part once split
        ("a" * 306, "gsm7", 306, 2),
        ("a" * 307, "gsm7", 307, 3),
        ("€" * 80, "gsm7", 160, 1),  # the extension table takes two septets each
        ("{" * 81, "gsm7", 162, 2),
        ("ж" * 70, "ucs2", 70, 1),
        ("ж" * 71, "ucs2", 71, 2),  # 67 a part once split
        ("ж" * 134, "ucs2", 134, 2),
        ("ж" * 135, "ucs2", 135, 3),
        ("oʻ" + "a" * 68, "ucs2", 70, 1),  # one ʻ is enough to switch the whole message to UCS-2
    ],
)
def test_measure(text, encoding, units, segments):
    length = measure(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


def test_uzbek_latin_typography_is_sent_in_gsm7():
    text = "Maʼlumot: oʻgʻil “tayyor” – 09:00–18:00…"
    plain = for_sms(text)
    assert plain == "Ma'lumot: o'g'il \"tayyor\" - 09:00-18:00..."
    assert measure(plain).encoding == "gsm7"


def test_cyrillic_stays_as_it_is():
    text = "Дарча: ариза «тайёр» – 09:00–18:00"
    assert for_sms(text) == text


@given(st.text(alphabet=sorted(GSM7_BASIC), max_size=400))
def test_plain_gsm7_text_is_never_changed_and_counts_one_unit_a_character(text):
    assert is_gsm7(text) and for_sms(text) == text
    assert measure(text).units == len(text)
