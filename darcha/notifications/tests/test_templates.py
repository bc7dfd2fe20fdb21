"""Templates are registered by their owning app and rendered in the recipient's language."""

import pytest

from darcha.notifications import templates


def test_a_template_renders_under_the_language_of_the_message(greeting_template):
    assert templates.render(greeting_template, language="ru", context={"name": "Karim"}) == "[ru] hello Karim"
    assert templates.render(greeting_template, language="uz", context={"name": "Karim"}) == "[uz] hello Karim"


def test_an_unregistered_name_raises_unknown_template():
    with pytest.raises(templates.UnknownTemplate):
        templates.render("nobody.registered.this", language="uz", context={})


def test_one_name_cannot_be_registered_by_two_functions(greeting_template):
    with pytest.raises(ValueError, match="already registered"):
        templates.register(greeting_template)(lambda context: "another text")
