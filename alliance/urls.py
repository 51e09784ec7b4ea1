from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path, register_converter
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import conditional_page
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from alliance.api import api
from alliance.health import healthz
from collaboration.views import collaborate, record_adoption
from competitions.feeds import LatestCompetitionsAtomFeed, LatestCompetitionsFeed
from core.converters import DatabaseId
from home import views as browse
from home.sitemaps import SITEMAPS
from projects.feeds import LatestProjectsAtomFeed, LatestProjectsFeed
from review.admin_access import PageTypesUsageForReviewers, SetPositionOfPagesWithAParent, ThrottledPasswordReset
from review.views import apply as studio_apply
from search.views import search_page

register_converter(DatabaseId, "id")

# The API's answers carry an ETag and answer a matching If-None-Match with 304 (systems poll it).
_api_patterns, _api_app, _api_namespace = api.urls
API_URLS = include((decorate_urlpatterns(_api_patterns, conditional_page), _api_app), namespace=_api_namespace)

# Admin routes guarded before Wagtail's own (they come first, so they win; review.admin_access says
# why): the page-types usage report for reviewers only, reordering that refuses the root page, a
# password reset that sends a limited number of e-mails.
GUARDED_ADMIN = [
    path("admin/password_reset/", ThrottledPasswordReset.as_view(), name="password_reset_throttled"),
    path(
        "admin/pages/<int:page_to_move_id>/set_position/",
        require_admin_access(SetPositionOfPagesWithAParent.as_view()),
        name="set_page_position_guarded",
    ),
    path(
        "admin/reports/page-types-usage/",
        require_admin_access(PageTypesUsageForReviewers.as_view()),
        name="page_types_usage_guarded",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        require_admin_access(PageTypesUsageForReviewers.as_view(results_only=True)),
        name="page_types_usage_results_guarded",
    ),
]

urlpatterns = [
    *GUARDED_ADMIN,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The switcher only sets the language cookie (a forged switch changes nothing else), so it needs no CSRF
    # token, and every page, which carries the switcher, stays the same for every visitor and cacheable.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", browse.favicon, name="favicon"),
    path("robots.txt", browse.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feeds/projects.rss", LatestProjectsFeed(), name="project_feed_rss"),
    path("feeds/projects.atom", LatestProjectsAtomFeed(), name="project_feed_atom"),
    path("feeds/competitions.rss", LatestCompetitionsFeed(), name="competition_feed_rss"),
    path("feeds/competitions.atom", LatestCompetitionsAtomFeed(), name="competition_feed_atom"),
    path("search/", search_page, name="search"),
    path("api/", API_URLS),
    path("people/<slug:slug>/", browse.person_detail, name="person_detail"),
    path("collaborate/<str:kind>/<id:pk>/", collaborate, name="collaborate"),
    path("adopt/<id:pk>/", record_adoption, name="record_adoption"),
    path("apply/", studio_apply, name="studio_apply"),
    path("honors/", browse.honor_index, name="honor_index"),
    path("honors/<slug:slug>/", browse.honor_detail, name="honor_detail"),
    path("statistics/", browse.statistics_page, name="statistics"),
    path("statistics/<slug:key>.csv", browse.statistics_csv, name="statistics_csv"),
    path("regions/", browse.region_index, name="region_index"),
    path("regions/<slug:slug>/", browse.region_detail, name="region_detail"),
    path("industries/<slug:slug>/", browse.industry_detail, name="industry_detail"),
    path("enterprises/<slug:slug>/", browse.enterprise_detail, name="enterprise_detail"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.views.static import serve

    urlpatterns += staticfiles_urlpatterns()
    # Media for the development server, except documents: they download through /documents/ only.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!documents/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

urlpatterns += [path("", include(wagtail_urls))]
