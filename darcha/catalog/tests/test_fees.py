from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from darcha.catalog.fees import exemption_categories, quote_fee

RULES = [{"category": "disability_i_ii", "percent_off": 50}, {"category": "social_registry", "percent_off": 50}]


def quote(**kw):
    args = {
        "fee_bhm": Decimal("1"),
        "fee_uzs_fixed": 0,
        "online_fee_percent": 90,
        "exemptions": RULES,
        "bhm_uzs": 412_000,
        "channel": "front_desk",
        "applicant_groups": set(),
    }
    args.update(kw)
    return quote_fee(**args)


def test_fee_is_bhm_multiple_times_bhm_of_the_day_plus_fixed_part():
    assert quote(fee_bhm=Decimal("0.45"), fee_uzs_fixed=185_400).total_uzs == 185_400 + 185_400


def test_online_filing_pays_the_online_percentage():
    assert quote(channel="online").total_uzs == 370_800


def test_disability_group_one_or_two_gets_the_discount():
    groups = exemption_categories(disability_group="2", in_social_registry=False, age=40)
    q = quote(applicant_groups=groups)
    assert (q.discount_percent, q.exemption, q.total_uzs) == (50, "disability_i_ii", 206_000)


def test_disability_group_three_gets_no_discount():
    groups = exemption_categories(disability_group="3", in_social_registry=False, age=40)
    assert quote(applicant_groups=groups).total_uzs == 412_000


def test_discounts_do_not_stack_the_largest_wins():
    rules = [{"category": "disability_i_ii", "percent_off": 100}, {"category": "social_registry", "percent_off": 50}]
    groups = {"disability_i_ii", "social_registry"}
    assert quote(exemptions=rules, applicant_groups=groups).total_uzs == 0


def test_children_under_sixteen_and_elderly_are_recognised():
    assert "minor_under_16" in exemption_categories(disability_group="", in_social_registry=False, age=15)
    assert "elderly_70" in exemption_categories(disability_group="", in_social_registry=False, age=70)


def test_amounts_round_half_up_to_whole_soums():
    assert quote(fee_bhm=Decimal("0.0125"), bhm_uzs=412_000).total_uzs == 5150
    assert quote(fee_bhm=Decimal("0.00125"), bhm_uzs=412_000).total_uzs == 515  # 515.0


@given(
    bhm=st.decimals(min_value=0, max_value=10, places=4),
    fixed=st.integers(0, 10_000_000),
    online=st.integers(0, 100),
    percent=st.integers(0, 100),
    channel=st.sampled_from(["front_desk", "online", "home_visit"]),
    groups=st.sets(st.sampled_from(["disability_i_ii", "social_registry", "minor_under_16"])),
)
def test_fee_is_never_negative_and_never_above_the_base(bhm, fixed, online, percent, channel, groups):
    q = quote(
        fee_bhm=bhm,
        fee_uzs_fixed=fixed,
        online_fee_percent=online,
        exemptions=[{"category": "disability_i_ii", "percent_off": percent}],
        channel=channel,
        applicant_groups=groups,
    )
    assert 0 <= q.total_uzs <= q.base_uzs
