"""Kurdish first: the interface language comes from the reader's choice (the language cookie set by the
switcher), else Sorani — not from the browser's Accept-Language, which on most phones says English."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class KurdishFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
