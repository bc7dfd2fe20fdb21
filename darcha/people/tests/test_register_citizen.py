import datetime as dt

import pytest

from darcha.core.errors import ValidationFailed
from darcha.people.models import Citizen
from darcha.people.pinfl import make_pinfl
from darcha.people.services import normalize_phone, register_citizen


def test_new_citizen_is_registered_at_the_operators_centre(world):
    pinfl = make_pinfl(birth_date=dt.date(1950, 6, 1), sex="M", area=5, serial=6)
    citizen = register_citizen(
        actor=world.operator_a, pinfl=pinfl, last_name="Toshev", first_name="Olim", phone="90 123 45 67"
    )
    assert citizen.registered_at == world.center_a
    assert citizen.birth_date == dt.date(1950, 6, 1)
    assert citizen.sex == "M"
    assert citizen.phone == "+998901234567"


def test_registering_a_known_pinfl_never_overwrites_the_record(world):
    """Posting an existing PINFL used to overwrite phone, disability group, registry status and SMS
    language: SMS went elsewhere and fee discounts changed, unaudited."""
    before = Citizen.objects.values().get(pk=world.citizen.pk)
    citizen = register_citizen(
        actor=world.operator_b,
        pinfl=world.citizen.pinfl,
        last_name="Other",
        first_name="Name",
        phone="+998911112233",
        disability_group="1",
        in_social_registry=True,
        preferred_language="ru",
    )
    assert citizen.pk == world.citizen.pk
    assert Citizen.objects.values().get(pk=world.citizen.pk) == before
    assert Citizen.objects.count() == 1


def test_invalid_pinfl_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationFailed):
        register_citizen(actor=world.operator_a, pinfl="12345678901234", last_name="A", first_name="B")
    assert Citizen.objects.count() == 1


def test_disagreeing_sex_is_kept_as_warning(world):
    pinfl = make_pinfl(birth_date=dt.date(1970, 1, 1), sex="M", area=1, serial=2)
    citizen = register_citizen(actor=world.operator_a, pinfl=pinfl, last_name="A", first_name="B", sex="F")
    assert citizen.data_warnings


@pytest.mark.parametrize("raw", ["123", "+7 900 123 45 67", "99890123456789"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationFailed):
        normalize_phone(raw)


def test_unknown_mahalla_is_refused(world):
    pinfl = make_pinfl(birth_date=dt.date(1970, 1, 1), sex="M", area=1, serial=3)
    with pytest.raises(ValidationFailed):
        register_citizen(actor=world.operator_a, pinfl=pinfl, last_name="A", first_name="B", mahalla_code="0000")
