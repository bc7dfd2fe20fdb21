"""Demo citizens of the pilot districts, with population shares close to the published ones.

Shares (shared/data/SOURCES.md, National Statistics Committee):
- sex: 18,979.0k women of 38,236.7k people on 1 Jan 2026 → 49.6% female;
- age bands on 1 Jul 2024 (millions): 0–4 4.3, 5–13 6.1, 14–30 9.6, 31–59 13.2, 60+ 3.4;
- persons with disabilities (2022): 2.3% of the population; 56.3% of them men (475.8k of 845.3k),
  16.8% children (142.3k). No published split by group was found: the I/II/III split below is an
  assumption of the demo, not a statistic.
Everyone lives in a real settlement (SOATO) of the pilot districts; names are synthetic
(darcha.seed.names) and PINFLs are built with `make_pinfl`, so they pass the check digit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from darcha.centers.models import Center
from darcha.geo.models import Mahalla
from darcha.people.models import Citizen
from darcha.people.pinfl import make_pinfl
from darcha.seed import names

FEMALE_SHARE = 18_979.0 / 38_236.7
# (first age, last age, weight in millions of people)
AGE_BANDS = ((0, 4, 4.3), (5, 13, 6.1), (14, 30, 9.6), (31, 59, 13.2), (60, 92, 3.4))
DISABILITY_SHARE = 0.023
DISABLED_MALE_SHARE = 475.8 / 845.3
DISABLED_CHILD_SHARE = 142.3 / 845.3
DISABILITY_GROUPS = (("1", 0.12), ("2", 0.58), ("3", 0.30))  # assumption (see module docstring)
SOCIAL_REGISTRY_SHARE = 0.10
SOCIAL_REGISTRY_SHARE_DISABLED = 0.35
MOBILE_PREFIXES = ("90", "91", "93", "94", "95", "97", "98", "99", "88", "33", "77")
# Settlement kinds in the classifier; bigger places get more residents.
SETTLEMENT_WEIGHT = {"Town": 3.0, "Urban-type settlement": 2.0}


@dataclass(frozen=True)
class Household:
    """Who may represent whom: a child under 16 is represented by a parent (RepresentativeBasis.PARENT)."""

    parent_of: dict[int, int]  # child citizen id -> parent citizen id


def _age(rng: random.Random) -> int:
    first, last, _weight = rng.choices(AGE_BANDS, weights=[b[2] for b in AGE_BANDS])[0]
    if first >= 60:
        # Fewer people at each older age: a linearly falling density from 60 to 92.
        return first + int((last - first) * (1 - rng.random() ** 0.5))
    return rng.randint(first, last)


def _birth_date(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A birth date at which the person is `age` years old today."""
    anniversary = dt.date(today.year - age, today.month, min(today.day, 28))
    return anniversary - dt.timedelta(days=rng.randint(0, 364))


def _phone(rng: random.Random) -> str:
    return f"+998{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"


def _weighted_sample(rng: random.Random, items: list[int], weights: list[float], k: int) -> list[int]:
    """k items without replacement, each drawn in proportion to its weight (Efraimidis–Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / w), item) for item, w in zip(items, weights, strict=True)), reverse=True)
    return [item for _key, item in keyed[:k]]


def build_citizens(*, count: int, seed: int, today: dt.date, centres_by_district: dict[str, Center]) -> list[Citizen]:
    """Unsaved citizens spread over the settlements of the centres' districts, deterministic for a seed."""
    rng = random.Random(f"darcha-citizens-{seed}")
    mahallas = list(
        Mahalla.objects.filter(district__soato__in=centres_by_district).select_related("district").order_by("code")
    )
    weights = [SETTLEMENT_WEIGHT.get(m.kind, 1.0) for m in mahallas]
    serials: dict[tuple[dt.date, str, int], int] = defaultdict(int)
    citizens: list[Citizen] = []
    for _index in range(count):
        mahalla = rng.choices(mahallas, weights=weights)[0]
        soato = mahalla.district.soato
        karakalpak = soato.startswith("1735") and rng.random() < 0.6
        sex = "F" if rng.random() < FEMALE_SHARE else "M"
        age = _age(rng)
        birth = _birth_date(rng, age, today)
        area = int(soato[-3:])
        serials[(birth, sex, area)] += 1
        male_pool = names.KARAKALPAK_MALE_NAMES if karakalpak else names.MALE_NAMES
        female_pool = names.KARAKALPAK_FEMALE_NAMES if karakalpak else names.FEMALE_NAMES
        family = rng.choice(names.KARAKALPAK_FAMILY_NAMES if karakalpak else names.FAMILY_NAMES)
        first = rng.choice(female_pool if sex == "F" else male_pool)
        has_phone = (age >= 18 and rng.random() < 0.93) or (16 <= age < 18 and rng.random() < 0.8)
        russian = rng.random() < (0.15 if soato.startswith("1735") else 0.06)
        citizens.append(
            Citizen(
                pinfl=make_pinfl(birth_date=birth, sex=sex, area=area, serial=serials[(birth, sex, area)]),
                last_name=names.feminine(family) if sex == "F" else family,
                first_name=first,
                patronymic=names.patronymic(rng.choice(male_pool), sex),
                birth_date=birth,
                sex=sex,
                phone=_phone(rng) if has_phone else "",
                mahalla=mahalla,
                preferred_language="ru" if russian else "uz",
                registered_at=centres_by_district[soato],
            )
        )
    _assign_disability_and_registry(citizens, rng, today)
    return citizens


def _assign_disability_and_registry(citizens: list[Citizen], rng: random.Random, today: dt.date) -> None:
    total = round(DISABILITY_SHARE * len(citizens))
    children = [i for i, c in enumerate(citizens) if c.age_on(today) < 18]
    adults = [i for i, c in enumerate(citizens) if c.age_on(today) >= 18]
    n_children = min(len(children), round(DISABLED_CHILD_SHARE * total))
    male_weight = DISABLED_MALE_SHARE / (1 - DISABLED_MALE_SHARE)

    def weight(i: int) -> float:
        # Disability becomes more common with age; men are over-represented (see module docstring).
        return (1.0 + citizens[i].age_on(today) / 15.0) * (male_weight if citizens[i].sex == "M" else 1.0)

    chosen = _weighted_sample(rng, children, [weight(i) for i in children], n_children)
    chosen += _weighted_sample(rng, adults, [weight(i) for i in adults], total - n_children)
    for i in sorted(chosen):
        citizens[i].disability_group = rng.choices(
            [g for g, _w in DISABILITY_GROUPS], [w for _g, w in DISABILITY_GROUPS]
        )[0]
    for citizen in citizens:
        share = SOCIAL_REGISTRY_SHARE_DISABLED if citizen.disability_group else SOCIAL_REGISTRY_SHARE
        citizen.in_social_registry = rng.random() < share


def households(citizens: list[Citizen], seed: int, today: dt.date) -> Household:
    """Give every child under 16 a parent: an adult of the same settlement 18–45 years older.

    Deterministic for the citizens' order (by PINFL) and the seed; mothers a little more often,
    since they more often bring children to the centre (an assumption of the demo).
    """
    rng = random.Random(f"darcha-households-{seed}")
    adults_by_mahalla: dict[int | None, list[Citizen]] = defaultdict(list)
    for citizen in citizens:
        if citizen.age_on(today) >= 18:
            adults_by_mahalla[citizen.mahalla_id].append(citizen)
    all_adults = [c for c in citizens if c.age_on(today) >= 18]
    parent_of: dict[int, int] = {}
    for child in citizens:
        if child.age_on(today) >= 16:
            continue

        def fits(adult: Citizen, child: Citizen = child) -> bool:
            gap = (child.birth_date - adult.birth_date).days / 365.25
            return 18 <= gap <= 45

        candidates = [a for a in adults_by_mahalla[child.mahalla_id] if fits(a)] or [a for a in all_adults if fits(a)]
        if not candidates:
            candidates = all_adults
        mothers = [a for a in candidates if a.sex == "F"]
        pool = mothers if mothers and rng.random() < 0.6 else candidates
        parent_of[child.pk] = rng.choice(pool).pk
    return Household(parent_of=parent_of)
