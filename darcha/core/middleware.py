"""Request hygiene and the remembered language.

Refuse control characters in URLs and form fields with a 400, before any view or database sees them.

No person types a NUL or an escape character into an address or a form; they come from scanners and
broken clients. PostgreSQL cannot store NUL in text at all (psycopg raises ValueError, which would be
a 500), and other control characters end up in logs and lists. One check here keeps every page, the
admin and the API free of them, on both databases.

What is refused: any C0 control character (U+0000-U+001F) in the path or in a query-string key or
value; in a form body (urlencoded or multipart fields, not uploaded files) the same except tab, line
feed and carriage return, which a multi-line text field legitimately sends. JSON bodies are the API's
own business (darcha.core.schemas refuses NUL there with a 422).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

IN_URL = re.compile(r"[\x00-\x1f]")
IN_FORM = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PREFIX = "/api/"


def _any_match(pattern: re.Pattern[str], texts: Iterable[str]) -> bool:
    return any(pattern.search(text) for text in texts)


def _query_dict_texts(data: QueryDict) -> Iterable[str]:
    for key, values in data.lists():
        yield key
        yield from (v for v in values if isinstance(v, str))


def has_control_characters(request: HttpRequest) -> bool:
    """True if the path, the query string or a form field holds a character no person sends."""
    if IN_URL.search(request.path_info) or IN_URL.search(request.path):
        return True
    if _any_match(IN_URL, _query_dict_texts(request.GET)):
        return True
    if request.method in {"POST", "PUT", "PATCH"} and request.content_type in FORM_TYPES:
        # The CSRF middleware reads request.POST for every form anyway; reading it first changes nothing.
        return _any_match(IN_FORM, _query_dict_texts(request.POST))
    return False


def bad_request(request: HttpRequest) -> HttpResponse:
    """400: JSON under /api/ (the API's error shape), else the site's translated page."""
    if request.path.startswith(API_PREFIX):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            body = {
                "detail": _("The request contains characters that are not allowed (control characters)."),
                "code": "bad_request",
            }
            response: HttpResponse = JsonResponse(body, status=400)
    else:
        language = translation.get_language_from_request(request, check_path=True)
        with translation.override(language):
            # Rendered without the request, like Django's own 400 and 500 pages: nothing of the request is echoed.
            response = HttpResponseBadRequest(render_to_string("400.html"))
    response.headers["Content-Language"] = language
    return response


class RejectControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            refused = has_control_characters(request)
        except MultiPartParserError:
            refused = True  # a body that cannot be parsed is as bad as one with a NUL in it
        if refused:
            return bad_request(request)
        return self.get_response(request)


class RememberedLanguageMiddleware:
    """The language chosen once is the one served on the next visit (after Django's LocaleMiddleware).

    The pages are under i18n_patterns(prefix_default_language=False): /ru/track/ is Russian and the
    unprefixed /track/ is Uzbek (Latin), the default, for Django whatever the visitor chose. A citizen
    who chose Cyrillic last week and opens the address printed on a receipt, or staff whose sign-in
    link has no prefix, would get Latin again. The language switcher (Django's set_language) keeps the
    choice in the language cookie (LANGUAGE_COOKIE_AGE: a year, not the browser session); here a GET
    of an unprefixed page with another language remembered is redirected to that language's address,
    which keeps one language per URL (shareable, cacheable); a form posted to an unprefixed address is
    sent on with a 307, which repeats the POST there. Choosing Uzbek (Latin) again stores "uz", and the
    unprefixed pages are served as before. The API (/api/v1/) picks its language from Accept-Language
    in its own wrapper (darcha.api) and is left alone here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefixed = translation.get_language_from_path(request.path_info) is not None
        remembered = None if prefixed else self._remembered(request)
        if remembered is not None and not request.path_info.startswith(API_PREFIX):
            target = translate_url(request.get_full_path(), remembered)
            # An address that is no page of the site is left to Django (a 404 in the default language).
            if target != request.get_full_path():
                if request.method in ("GET", "HEAD"):
                    return HttpResponseRedirect(target)
                # 307 repeats the same method with the same body at the language's address.
                return HttpResponseRedirect(target, status=307)
        response = self.get_response(request)
        if not prefixed:
            # What an unprefixed address answers depends on the language cookie.
            patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _remembered(request: HttpRequest) -> str | None:
        """The language in the cookie, when it is a language of the site other than the default."""
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not code or not translation.check_for_language(code):
            return None
        try:
            code = translation.get_supported_language_variant(code)
        except LookupError:
            return None
        return None if code == settings.LANGUAGE_CODE else code
