"""Rhythms of demand and of processing that make the demo data look like a year at a rural centre.

These are assumptions of the demo, chosen to be plausible, not statistics:
- weekday: Monday busiest, Saturday about half a day, Sunday and holidays closed (six-day week of
  the centres, darcha.centers.calendar);
- season: property and utilities peak in spring and summer (the building season; the 2020 UNDP
  baseline found water, gas, electricity and construction among the most frequent requests),
  education in August–September, passports in the summer, marriages in the autumn, social
  support in the winter;
- mix: identity documents and civil registry are the most common;
- processing: most decisions within the legal term; back offices of property and utilities are
  late more often (the 2020 baseline blamed poorly equipped back offices).
"""

from __future__ import annotations

from dataclasses import dataclass

from darcha.applications.workflow import RejectionReason

# Monday … Sunday; Sunday is closed anyway (six-day week).
WEEKDAY_FACTOR = (1.35, 1.10, 1.05, 1.00, 0.95, 0.55, 0.0)

_FLAT = (1.0,) * 12
_BUILDING_SEASON = (0.7, 0.8, 1.1, 1.3, 1.4, 1.4, 1.3, 1.2, 1.0, 0.9, 0.8, 0.7)
_UTILITIES = (0.8, 0.8, 1.0, 1.3, 1.4, 1.4, 1.3, 1.2, 1.1, 1.0, 0.8, 0.7)
_SCHOOL_YEAR = (0.5, 0.5, 0.6, 0.6, 0.8, 1.2, 1.5, 2.6, 2.6, 0.8, 0.6, 0.5)
_TRAVEL = (0.9, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.15, 1.0, 0.95, 0.9, 0.9)
_WEDDINGS = (0.8, 0.8, 0.9, 1.0, 1.1, 1.0, 0.9, 1.1, 1.3, 1.3, 1.1, 0.9)
_WINTER = (1.25, 1.2, 1.1, 0.95, 0.9, 0.85, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2)


@dataclass(frozen=True)
class Profile:
    weight: float  # share of the category in all applications (relative)
    season: tuple[float, ...]  # demand factor for January … December
    reject: float  # share of decisions that are rejections
    late: float  # share decided after the legal term
    info: float  # share where the back office asks the citizen for more information


CATEGORY_PROFILES: dict[str, Profile] = {
    "identity": Profile(28, _TRAVEL, reject=0.04, late=0.05, info=0.04),
    "civil_registry": Profile(18, _WEDDINGS, reject=0.05, late=0.06, info=0.06),
    "property": Profile(13, _BUILDING_SEASON, reject=0.12, late=0.18, info=0.15),
    "utilities": Profile(10, _UTILITIES, reject=0.08, late=0.22, info=0.12),
    "social": Profile(10, _WINTER, reject=0.15, late=0.10, info=0.15),
    "justice": Profile(5, _FLAT, reject=0.05, late=0.06, info=0.05),
    "education": Profile(4, _SCHOOL_YEAR, reject=0.08, late=0.08, info=0.08),
    "transport": Profile(3, _BUILDING_SEASON, reject=0.06, late=0.08, info=0.05),
    "tax": Profile(3, _FLAT, reject=0.05, late=0.05, info=0.05),
    "business": Profile(2, _FLAT, reject=0.08, late=0.06, info=0.08),
    "health": Profile(2, _FLAT, reject=0.03, late=0.04, info=0.03),
    "other": Profile(2, _FLAT, reject=0.05, late=0.06, info=0.05),
}

# Services asked for much more (or less) often than the average of their category.
CODE_WEIGHT: dict[str, float] = {
    "ID_CARD_ISSUE": 3.0,
    "PASSPORT_TRAVEL_ADULT": 2.5,
    "PASSPORT_TRAVEL_CHILD": 1.2,
    "PROPISKA_PERMANENT": 1.5,
    "BIRTH_REGISTRATION": 2.5,
    "MARRIAGE_REGISTRATION": 1.5,
    "BIRTH_CERT_DUPLICATE": 1.2,
    "CRIMINAL_RECORD_CERT": 2.0,
    "KINDERGARTEN_REFERRAL": 2.0,
    "CADASTRAL_PASSPORT": 2.0,
    "ELECTRICITY_CONNECTION": 1.5,
    "GAS_CONNECTION": 1.5,
    "WATER_CONNECTION": 1.5,
    "CHILD_BENEFIT_LOW_INCOME": 2.0,
    "MATERIAL_ASSISTANCE_LOW_INCOME": 1.5,
    "TRAVEL_DOC_STATELESS": 0.05,
    "CITIZENSHIP_PETITION": 0.1,
    "PROPISKA_TEMPORARY_TASHKENT": 0.1,
    "PROPERTY_REG_LEGAL_ENTITY": 0.2,
    "ZOO_COLLECTION_CERT": 0.05,
    "LE_VOLUNTARY_LIQUIDATION": 0.2,
    "DIPLOMA_NOSTRIFICATION": 0.3,
    "HOME_VISIT_SERVICE": 0.4,
}

# Marriages move with the wedding season, whatever the category's season.
CODE_SEASON: dict[str, tuple[float, ...]] = {"MARRIAGE_REGISTRATION": _WEDDINGS, "KINDERGARTEN_REFERRAL": _SCHOOL_YEAR}

REJECTION_REASONS = (
    (RejectionReason.MISSING_DOCUMENTS, 25),
    (RejectionReason.INVALID_DOCUMENTS, 25),
    (RejectionReason.NOT_ELIGIBLE, 25),
    (RejectionReason.LEGAL_BAR, 10),
    (RejectionReason.DUPLICATE, 8),
    (RejectionReason.OTHER, 7),
)
# Texts officers type (demo data in Uzbek, not interface strings).
INFO_REQUESTS = (
    "Hujjatning asl nusxasini keltiring.",
    "Maʼlumotnomadagi manzil pasportdagi manzilga mos emas: aniqlashtiring.",
    "Toʻlov kvitansiyasining nusxasini taqdim eting.",
    "Mulk egasining notarial tasdiqlangan roziligi kerak.",
    "Yer uchastkasi chegaralari sxemasini keltiring.",
)
# What the front office records when the citizen answers (workflow: "Information provided" takes an answer).
INFO_ANSWER = "Fuqaro soʻralgan maʼlumotni markazga olib keldi."
OTHER_REJECTION_COMMENT = "Qonunchilikda nazarda tutilgan boshqa asos: soʻralgan hujjat avval berilgan."


def profile_for(category: str) -> Profile:
    return CATEGORY_PROFILES.get(category, CATEGORY_PROFILES["other"])


def season_for(code: str, category: str) -> tuple[float, ...]:
    return CODE_SEASON.get(code, profile_for(category).season)


def applicant_ages(code: str) -> tuple[int, int]:
    """Ages (inclusive) of the person a service is for; under 16 a parent applies for them."""
    if code.endswith("_CHILD"):
        return 1, 15
    if "KINDERGARTEN" in code:
        return 2, 6
    if "PENSION" in code:
        return 55, 92
    if code.startswith(("ID_CARD", "PASSPORT_TRAVEL_ADULT")):
        return 16, 92
    if code.startswith(("MARRIAGE", "BIRTH_REGISTRATION", "BIRTH_LUMP_SUM", "CHILD_BENEFIT", "PRESCHOOL_SUPPORT")):
        return 18, 50
    if code.startswith("DRIVING"):
        return 18, 75
    return 18, 92


# A fee the catalog did not know, confirmed at the desk as not due (`confirm_no_fee`).
NO_FEE_BASIS = "Xizmat narxi tasdiqlandi: qonun hujjatiga koʻra toʻlov olinmaydi."
