from hypothesis import given
from hypothesis import strategies as st

from darcha.applications.numbers import format_number, normalize


def test_number_format():
    number = format_number(year=2026, block=101, sequence=1234)
    assert number.startswith("DX-2026-101-001234-")
    assert normalize(number) == number


def test_typed_number_is_normalised():
    number = format_number(year=2026, block=101, sequence=1234)
    assert normalize(number.lower().replace("-", " ")) == number


@given(year=st.integers(2000, 2099), block=st.integers(0, 999), seq=st.integers(0, 999_999), data=st.data())
def test_any_single_digit_typo_is_caught(year, block, seq, data):
    number = format_number(year=year, block=block, sequence=seq)
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    position = data.draw(st.sampled_from(digits))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    assert normalize(number[:position] + wrong + number[position + 1 :]) is None


@given(year=st.integers(2000, 2099), block=st.integers(0, 999), seq=st.integers(0, 999_999), data=st.data())
def test_any_swap_of_adjacent_digits_is_caught(year, block, seq, data):
    number = format_number(year=year, block=block, sequence=seq)
    compact = number.replace("-", "")[2:]
    i = data.draw(st.integers(0, len(compact) - 2))
    if compact[i] == compact[i + 1]:
        return
    swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :]
    assert normalize("DX" + swapped) is None


@given(st.text(max_size=40))
def test_garbage_is_not_a_number(text):
    result = normalize(text)
    assert result is None or result.startswith("DX-")
