from csp.constants import SELF, UNSAFE_INLINE

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese unless the visitor chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language and show English to
    anyone whose browser is set to English; this platform is Chinese first, so only the
    language cookie (set by the switcher) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))
        return response


class ApiCorsMiddleware:
    """The read API (/api/) may be read from a browser on the origins API_CORS_ORIGINS names (none by
    default: other enterprises' servers need no CORS). Only GET, HEAD and their preflight."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin", "")
        allowed = request.path.startswith("/api/") and origin in settings.API_CORS_ORIGINS
        if allowed and request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Origin",))
        return response


class PermissionsPolicyMiddleware:
    """Browser features the site never uses are switched off for it and anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class AdminPolicyMiddleware:
    """The admin's own security headers; everything else keeps the site's strict ones.

    Public pages may not be framed at all (X-Frame-Options DENY, frame-ancestors 'none'); the admin may
    frame itself, which Wagtail's live preview does (its frame shows /admin/pages/<id>/edit/preview/).
    In the admin, scripts and styles may also be inline: Wagtail 8 still starts its choosers and date
    pickers with inline <script> elements and its editor sets style attributes (a nonce in the policy
    would disable 'unsafe-inline', so the admin's policy has none). Listed after django-csp's and
    Django's clickjacking middleware, so it answers first and they keep what it set."""

    admin_prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.admin_prefix):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
            if not hasattr(response, "_csp_replace"):
                response._csp_replace = {
                    "script-src": [SELF, UNSAFE_INLINE],
                    "style-src": [SELF, UNSAFE_INLINE],
                    "frame-ancestors": [SELF],
                }
        return response


class IncompleteFormMiddleware:
    """A form posted with parts missing (e.g. a StreamField's "-count", which Wagtail's widget reads
    without checking) is the client's fault: a 400 with a Chinese explanation, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method == "POST" and isinstance(exception, MultiValueDictKeyError):
            return HttpResponseBadRequest(
                translation.gettext("提交的表单不完整，请刷新页面后重新填写。"),
                content_type="text/plain; charset=utf-8",
            )
        return None
