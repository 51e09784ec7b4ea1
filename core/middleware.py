from csp.constants import SELF, UNSAFE_INLINE

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDictKeyError

from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from core.pagecache import kept_until_next_write


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


class QueryStringLimitMiddleware:
    """A query string longer than any link or form of the site makes is answered 414 at once, with a Chinese
    page. Reading such a query costs before any view runs: a fuzzer's 16 MB of parameters took about two
    seconds a request to decode, and a page that shows its parameters back (the search box, the language
    switcher's "next") would have repeated them. The bound, MAX_QUERY_STRING_BYTES, leaves room for every
    filter of a search; gunicorn's own bound on the request line is above it (gunicorn.conf.py), so a
    visitor sees this page rather than gunicorn's plain 400."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.MAX_QUERY_STRING_BYTES

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > self.limit:
            page = render_to_string("414.html", {"limit": self.limit})
            return HttpResponse(page, status=414)
        return self.get_response(request)


class KnownSiteMiddleware:
    """The site a request is for, found once per host, port and content version.

    Wagtail finds it with a query on every request (≈ 1.5 ms, most of it building the query) and keeps it on
    the request as `_wagtail_site`, where Site.find_for_request looks first. Adding, changing or deleting a
    site bumps the content version like any write. Only hosts that ALLOWED_HOSTS lets through are kept (listed
    after CommonMiddleware, which checks them), so a stranger's Host header cannot crowd the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            hostname, port = split_domain_port(request.get_host())[0], request.get_port()
        except DisallowedHost:
            return self.get_response(request)

        def find():
            try:
                return get_site_for_hostname(hostname, port)
            except Site.DoesNotExist:
                return None

        try:
            site = kept_until_next_write(f"site:{hostname}:{port}", find)
        except Exception:  # noqa: BLE001 — a cache that cannot answer leaves the lookup to Wagtail (and /healthz)
            site = None
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)


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
