import pytest

from darcha.core.translit import latin_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Qoraqalpog'iston Respublikasi", "Қорақалпоғистон Республикаси"),
        ("Sariosiyo tumani", "Сариосиё тумани"),
        ("Oʻzbekiston", "Ўзбекистон"),
        ("Xizmatlar", "Хизматлар"),
        ("shahar", "шаҳар"),
        ("ertaga", "эртага"),
        ("yer", "ер"),
        ("Yangiyer", "Янгиер"),
        ("choy", "чой"),
        ("ma'lumot", "маълумот"),
    ],
)
def test_uzbek_latin_to_cyrillic(latin, cyrillic):
    assert latin_to_cyrillic(latin) == cyrillic


def test_placeholders_tags_and_urls_are_kept():
    text = "Ariza %(number)s <strong>tayyor</strong> {count} https://my.gov.uz/x"
    assert latin_to_cyrillic(text) == "Ариза %(number)s <strong>тайёр</strong> {count} https://my.gov.uz/x"
