import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from darcha.people.pinfl import check_digit, check_pinfl, make_pinfl


def test_valid_pinfl_gives_birth_date_and_sex():
    pinfl = make_pinfl(birth_date=dt.date(1985, 4, 12), sex="F", area=123, serial=45)
    check = check_pinfl(pinfl)
    assert check.valid
    assert check.birth_date == dt.date(1985, 4, 12)
    assert check.sex == "F"
    assert pinfl[0] == "4"  # even = female, 3-4 = born 1900s


def test_pinfl_must_have_fourteen_digits():
    assert not check_pinfl("1234").valid
    assert not check_pinfl("3120485123045X").valid


def test_pinfl_with_wrong_century_digit_is_refused():
    pinfl = make_pinfl(birth_date=dt.date(1985, 4, 12), sex="F", area=1, serial=1)
    assert not check_pinfl("7" + pinfl[1:]).valid


def test_pinfl_with_impossible_birth_date_is_refused():
    body = "3310285123045"  # 31 Feb 1985
    check = check_pinfl(body + str(check_digit(body)))
    assert not check.valid
    assert any("birth date" in e for e in check.errors)


def test_typo_in_pinfl_is_caught_by_check_digit():
    pinfl = make_pinfl(birth_date=dt.date(1990, 1, 2), sex="M", area=10, serial=20)
    typo = pinfl[:9] + str((int(pinfl[9]) + 1) % 10) + pinfl[10:]
    assert not check_pinfl(typo).valid


def test_check_digit_rule_can_be_switched_off(settings):
    settings.PINFL_CHECK_DIGIT = False
    pinfl = make_pinfl(birth_date=dt.date(1990, 1, 2), sex="M", area=10, serial=20)
    wrong = pinfl[:13] + str((int(pinfl[13]) + 1) % 10)
    assert check_pinfl(wrong).valid


def test_mismatch_with_given_sex_or_birth_date_is_a_warning_not_an_error():
    pinfl = make_pinfl(birth_date=dt.date(1985, 4, 12), sex="F", area=1, serial=1)
    check = check_pinfl(pinfl, sex="M", birth_date=dt.date(1985, 4, 13))
    assert check.valid
    assert len(check.warnings) == 2


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    sex=st.sampled_from(["M", "F"]),
    area=st.integers(0, 999),
    serial=st.integers(0, 999),
)
def test_any_generated_pinfl_round_trips(birth, sex, area, serial):
    check = check_pinfl(make_pinfl(birth_date=birth, sex=sex, area=area, serial=serial), verify_check_digit=True)
    assert check.valid
    assert (check.birth_date, check.sex) == (birth, sex)


@given(st.text(max_size=30))
def test_arbitrary_text_never_crashes(text):
    check_pinfl(text, verify_check_digit=True)
