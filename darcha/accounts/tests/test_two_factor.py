"""Two-step sign-in: enrolment, codes, recovery codes, who must give one, and where it is asked."""

from __future__ import annotations

import binascii
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from darcha.accounts.services import issue_token, make_recovery_codes
from darcha.accounts.tests.factories import PASSWORD
from darcha.accounts.two_factor import PENDING_SECRET_KEY

SETUP = "/accounts/two-step/setup/"
VERIFY = "/accounts/two-step/"
CODES = "/accounts/two-step/recovery-codes/"


def app_code(key_hex: str, steps_ahead: int = 1) -> str:
    """What the phone shows; a step ahead by default, since the code used to enrol cannot be used again."""
    return f"{totp(binascii.unhexlify(key_hex), drift=steps_ahead):06d}"


def sign_in(client: Client, username: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def with_app(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def enrol(client: Client) -> list[str]:
    """Go through enrolment in the browser; return the recovery codes it shows."""
    client.get(SETUP)
    secret = client.session[PENDING_SECRET_KEY]
    response = client.post(SETUP, {"code": app_code(secret, 0)})
    assert response.status_code == 302 and response["Location"] == CODES
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(CODES).content.decode())


# --- who is asked ---------------------------------------------------------------------------------


def test_after_the_password_an_operator_without_an_app_is_sent_to_enrolment(
    client: Client, world: Any, two_factor: None
) -> None:
    assert sign_in(client, "op_a")["Location"] == "/desk/"
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"] == SETUP + "?next=%2Fdesk%2F"


def test_a_user_with_an_app_is_asked_for_a_code_before_the_desk(client: Client, world: Any, two_factor: None) -> None:
    device = with_app(world.operator_a)
    sign_in(client, "op_a")
    assert client.get("/desk/")["Location"] == VERIFY + "?next=%2Fdesk%2F"
    response = client.post(VERIFY, {"code": app_code(device.key), "next": "/desk/"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_the_admin_needs_the_code_too(client: Client, world: Any, two_factor: None) -> None:
    device = with_app(world.admin)
    client.force_login(world.admin)
    assert client.get("/admin/")["Location"] == VERIFY + "?next=%2Fadmin%2F"
    assert client.get("/admin/accounts/user/").status_code == 302
    client.post(VERIFY, {"code": app_code(device.key), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_an_admin_without_an_app_must_set_one_up_before_the_admin(client: Client, world: Any, two_factor: None) -> None:
    client.force_login(world.admin)
    assert client.get("/admin/")["Location"] == SETUP + "?next=%2Fadmin%2F"


def test_an_analyst_sees_no_personal_data_and_needs_no_code(client: Client, world: Any, two_factor: None) -> None:
    client.force_login(world.analyst)
    assert client.get("/desk/overview/").status_code == 200


def test_whoever_set_up_an_app_is_asked_even_when_not_required(client: Client, world: Any) -> None:
    with_app(world.analyst)
    client.force_login(world.analyst)
    assert client.get("/desk/overview/")["Location"].startswith(VERIFY)


def test_without_the_requirement_staff_go_straight_to_work(client: Client, world: Any) -> None:
    client.force_login(world.operator_a)
    assert client.get("/desk/").status_code == 200


def test_public_pages_sign_out_and_the_api_stay_open(client: Client, world: Any, two_factor: None) -> None:
    token = issue_token(user=world.operator_a)
    client.force_login(world.operator_a)
    assert client.get("/services/").status_code == 200
    api = client.get("/api/v1/applications", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    assert client.post("/accounts/logout/").status_code == 302


def test_an_htmx_request_is_sent_to_the_code_page_as_a_whole_page(client: Client, world: Any, two_factor: None) -> None:
    with_app(world.operator_a)
    client.force_login(world.operator_a)
    response = client.get("/desk/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(VERIFY)


def test_a_new_password_sign_in_never_inherits_an_earlier_code(client: Client, world: Any, two_factor: None) -> None:
    device = with_app(world.operator_a)
    client.force_login(world.operator_a)
    client.post(VERIFY, {"code": app_code(device.key)})
    assert client.get("/desk/").status_code == 200
    client.force_login(world.operator_a)  # the same user signs in again in the same browser
    assert client.get("/desk/")["Location"].startswith(VERIFY)


@pytest.mark.parametrize(("demo", "required"), [("0", "True"), ("1", "False")])
def test_the_requirement_is_on_by_default_except_in_demo_mode(demo: str, required: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DARCHA_REQUIRE_2FA"} | {"DARCHA_DEMO": demo}
    code = "import darcha.settings as s; print(s.DARCHA_REQUIRE_2FA)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == required


# --- enrolment ------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_key_to_type(client: Client, world: Any, two_factor: None) -> None:
    client.force_login(world.operator_a)
    page = client.get(SETUP).content.decode()
    secret = client.session[PENDING_SECRET_KEY]
    typed = re.search(r'<code id="secret-key">([A-Z2-7 ]+)</code>', page)
    assert typed is not None
    assert binascii.hexlify(__import__("base64").b32decode(typed.group(1).replace(" ", ""))).decode() == secret
    assert '<svg role="img" aria-label="QR code for your authenticator app"' in page
    assert "<script>" not in page and "<script " not in page.split("</main>")[0]
    # The same secret until it is confirmed: reloading the page does not break a scan already made.
    client.get(SETUP)
    assert client.session[PENDING_SECRET_KEY] == secret


def test_enrolment_turns_it_on_and_shows_ten_recovery_codes_once(client: Client, world: Any, two_factor: None) -> None:
    client.force_login(world.operator_a)
    client.get("/desk/")
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    again = client.get(CODES).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 unused recovery codes." in again
    assert client.get("/desk/").status_code == 200
    assert TOTPDevice.objects.get(user=world.operator_a).confirmed
    assert PENDING_SECRET_KEY not in client.session


def test_the_recovery_codes_page_continues_where_the_user_was_going(
    client: Client, world: Any, two_factor: None
) -> None:
    client.force_login(world.operator_a)
    client.get(SETUP + "?next=/desk/inbox/")
    secret = client.session[PENDING_SECRET_KEY]
    client.post(SETUP, {"code": app_code(secret, 0), "next": "/desk/inbox/"})
    assert 'href="/desk/inbox/"' in client.get(CODES).content.decode()


def test_a_wrong_code_at_enrolment_is_refused_next_to_the_field(client: Client, world: Any, two_factor: None) -> None:
    client.force_login(world.operator_a)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "This code is not right." in page
    assert 'aria-invalid="true"' in page
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_code_error', page)
    assert 'href="#id_code"' in page  # the error summary links to the field
    assert not TOTPDevice.objects.exists()


def test_replacing_the_app_needs_a_code_first(client: Client, world: Any, two_factor: None) -> None:
    with_app(world.operator_a)
    client.force_login(world.operator_a)
    assert client.get(SETUP)["Location"].startswith(VERIFY)


def test_a_verified_user_sets_up_a_new_phone(client: Client, world: Any, two_factor: None) -> None:
    old = with_app(world.operator_a)
    client.force_login(world.operator_a)
    client.post(VERIFY, {"code": app_code(old.key)})
    assert "replaces the app you use now" in client.get(SETUP).content.decode()
    enrol(client)
    assert list(TOTPDevice.objects.filter(user=world.operator_a)) != [old]
    assert TOTPDevice.objects.filter(user=world.operator_a).count() == 1


# --- codes at sign-in -------------------------------------------------------------------------------


def test_a_wrong_code_is_refused_and_the_desk_stays_closed(client: Client, world: Any, two_factor: None) -> None:
    with_app(world.operator_a)
    client.force_login(world.operator_a)
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 400
    assert "This code is not right." in response.content.decode()
    assert client.get("/desk/").status_code == 302


def test_an_app_code_works_only_once(client: Client, world: Any, two_factor: None) -> None:
    device = with_app(world.operator_a)
    code = app_code(device.key)
    client.force_login(world.operator_a)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.force_login(world.operator_a)
    assert client.post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_signs_in_once(client: Client, world: Any, two_factor: None) -> None:
    client.force_login(world.operator_a)
    codes = enrol(client)
    client.force_login(world.operator_a)
    assert client.post(VERIFY, {"code": codes[0].upper()[:4] + "-" + codes[0][4:]}).status_code == 302
    assert client.get("/desk/").status_code == 200
    client.force_login(world.operator_a)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.count() == 9


def test_codes_are_limited_per_user(client: Client, world: Any, two_factor: None, settings: Any) -> None:
    settings.RATE_LIMIT_TWO_FACTOR = "3/300"
    device = with_app(world.operator_a)
    client.force_login(world.operator_a)
    assert [client.post(VERIFY, {"code": "000000"}).status_code for _ in range(3)] == [400, 400, 400]
    response = client.post(VERIFY, {"code": app_code(device.key)})
    assert response.status_code == 429
    assert "Too many codes were tried. Wait 5 minutes and try again." in response.content.decode()
    assert client.get("/desk/").status_code == 302


def test_next_must_be_a_page_of_this_site(client: Client, world: Any, two_factor: None) -> None:
    device = with_app(world.operator_a)
    client.force_login(world.operator_a)
    response = client.post(VERIFY, {"code": app_code(device.key), "next": "https://evil.example/"})
    assert response["Location"] == "/desk/"


# --- recovery codes afterwards, and the administrator's reset ----------------------------------------


def test_new_recovery_codes_replace_the_old_ones(client: Client, world: Any, two_factor: None) -> None:
    client.force_login(world.operator_a)
    old = enrol(client)
    response = client.post(CODES)
    assert response.status_code == 302
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(CODES).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.force_login(world.operator_a)
    assert client.post(VERIFY, {"code": old[0]}).status_code == 400
    assert client.post(VERIFY, {"code": new[0]}).status_code == 302


def test_recovery_codes_are_not_shown_to_an_unverified_session(client: Client, world: Any, two_factor: None) -> None:
    device = with_app(world.operator_a)
    make_recovery_codes(user=world.operator_a)
    client.force_login(world.operator_a)
    assert client.get(CODES)["Location"].startswith(VERIFY)
    assert client.post(CODES)["Location"].startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=world.operator_a).count() == 10
    assert device.pk


def test_an_administrator_resets_a_users_two_factor(client: Client, world: Any, two_factor: None) -> None:
    device = with_app(world.operator_a)
    make_recovery_codes(user=world.operator_a)
    admin_app = with_app(world.admin)
    client.force_login(world.admin)
    client.post(VERIFY, {"code": app_code(admin_app.key)})
    data = {"action": "reset_two_factor", "_selected_action": [world.operator_a.pk]}
    response = client.post("/admin/accounts/user/", data, follow=True)
    assert "Two-step sign-in reset for 1 user" in response.content.decode()
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not StaticDevice.objects.filter(user=world.operator_a).exists()
    operator = Client()
    operator.force_login(world.operator_a)
    assert operator.get("/desk/")["Location"].startswith(SETUP)


def test_the_staff_list_shows_who_has_two_step_sign_in(client: Client, world: Any) -> None:
    with_app(world.operator_a)
    client.force_login(world.admin)
    page = client.get("/admin/accounts/user/?o=11").content.decode()
    assert "Two-step sign-in" in page
    assert "Reset two-step sign-in (lost phone)" in page and "Lift sign-in lock-out" in page


def test_device_secrets_are_not_in_the_admin(client: Client, world: Any) -> None:
    client.force_login(world.admin)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


@pytest.mark.parametrize(
    ("prefix", "setup_title", "verify_title"),
    [
        ("", "Ikki bosqichli kirishni sozlash", "Kirish kodini kiriting"),
        ("/uz-cyrl", "Икки босқичли киришни созлаш", "Кириш кодини киритинг"),
        ("/ru", "Настройка двухэтапного входа", "Введите код для входа"),
        ("/en", "Set up two-step sign-in", "Enter your sign-in code"),
    ],
)
def test_the_pages_speak_every_language(
    client: Client, world: Any, two_factor: None, uzbek_default: None, prefix: str, setup_title: str, verify_title: str
) -> None:
    client.force_login(world.operator_a)
    setup = client.get(f"{prefix}/desk/")
    assert setup["Location"].startswith(f"{prefix}{SETUP}")
    assert setup_title in client.get(setup["Location"]).content.decode()
    with_app(world.manager_a)
    client.force_login(world.manager_a)
    verify = client.get(f"{prefix}/desk/overview/")
    assert verify["Location"].startswith(f"{prefix}{VERIFY}")
    page = client.get(verify["Location"]).content.decode()
    assert verify_title in page
    wrong = client.post(f"{prefix}{VERIFY}", {"code": "000000"}).content.decode()
    assert "This code is not right" not in wrong or prefix == "/en"
