"""The browse pages: a person's profile, honours and titles, and the landing pages of a region,
industry or enterprise — each shows studios, projects and people together, so they live above them —
and what every site answers at its root (favicon.ico, robots.txt)."""

from django import forms
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from core.spreadsheets import csv_response
from core.visibility import public_q
from home.landing import landing_context
from home.statistics import statistics
from projects.models import ProjectAdoption, ProjectPage
from studios.choices import HonorKind, RegionKind
from studios.filters import regions_in_tree_order
from studios.models import Enterprise, Honor, Industry, Person, Region, StudioPage


def topic_meta(name):
    return {"meta_title": name, "meta_description": _("%(name)s的创新工作室、五小成果和工匠人才") % {"name": name}}


def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.select_related("enterprise__region", "enterprise__industry", "photo"), slug=slug
    )
    context = {
        "person": person,
        "meta_title": person.name,
        "meta_description": person.bio or f"{person.name} · {person.enterprise.name}",
        "led_studios": person.led_studios.live().public().select_related("enterprise"),
        "memberships": person.memberships.filter(public_q("studio__")).select_related("studio__enterprise"),
        "projects": ProjectPage.objects.for_listing().filter(team_members__person=person).distinct(),
        # 师徒: pairs recorded by live studios only.
        "mentors": person.mentored_by.filter(public_q("studio__")).select_related("mentor", "studio"),
        "apprentices": person.mentoring.filter(public_q("studio__")).select_related("apprentice"),
        **competition_record(person),
    }
    return render(request, "pages/person_detail.html", context)


def competition_record(person):
    """A person's results in live competitions, newest first, and their titles and honours each with the
    competition it was gained through (None when it was not)."""
    results = list(
        person.competition_results.filter(public_q("page__"))
        .select_related("page", "honor")
        .order_by("-page__start_date")
    )
    gained_in = {result.honor_id: result.page for result in reversed(results) if result.honor_id}
    return {
        "competition_results": results,
        "titles": [(title, gained_in.get(title.pk)) for title in person.titles.all()],
        "honors": [(honor, gained_in.get(honor.pk)) for honor in person.honors.all()],
    }


def honor_index(request):
    """荣誉与职称: the managed list, each with how many people and studios hold it."""
    honors = Honor.objects.annotate(
        people_count=Count("honor_holders", distinct=True) + Count("title_holders", distinct=True),
        studio_count=Count("studios", filter=public_q("studios__"), distinct=True),
    )
    groups = [(label, [h for h in honors if h.kind == kind]) for kind, label in HonorKind.choices]
    return render(request, "pages/honor_index.html", {"groups": groups, **topic_meta(_("荣誉与职称"))})


def honor_detail(request, slug):
    """Who holds an honour or title: people (as honour or as technical title) and studios."""
    honor = get_object_or_404(Honor, slug=slug)
    people = (
        Person.objects.filter(Q(honors=honor) | Q(titles=honor))
        .distinct()
        .select_related("enterprise__region", "photo")
        .prefetch_related("photo__renditions")
        .prefetch_related("titles")
        .order_by("name")
    )
    studios = StudioPage.objects.for_cards().filter(honors=honor)
    context = {
        "honor": honor,
        "people": people,
        "studios": studios,
        "meta_title": honor.name,
        "meta_description": honor.description or _("获得“%(name)s”的工匠人才和创新工作室") % {"name": honor.name},
    }
    return render(request, "pages/honor_detail.html", context)


def region_index(request):
    provinces = Region.objects.filter(kind=RegionKind.PROVINCE).prefetch_related("children")
    return render(request, "pages/region_index.html", {"provinces": provinces, **topic_meta(_("按地区浏览"))})


def region_detail(request, slug):
    region = get_object_or_404(Region.objects.select_related("parent"), slug=slug)
    ids = region.with_descendant_ids()
    context = landing_context(
        studio_filter={"region__in": ids},
        project_filter={"studio__region__in": ids},
        person_filter={"enterprise__region__in": ids},
    )
    context.update(topic=region, kind="region", children=region.children.all(), **topic_meta(region.display_name))
    return render(request, "pages/topic_detail.html", context)


def industry_detail(request, slug):
    industry = get_object_or_404(Industry, slug=slug)
    context = landing_context(
        studio_filter={"industry": industry},
        project_filter={"studio__industry": industry},
        person_filter={"enterprise__industry": industry},
    )
    context.update(topic=industry, kind="industry", **topic_meta(industry.name))
    return render(request, "pages/topic_detail.html", context)


def enterprise_detail(request, slug):
    enterprise = get_object_or_404(Enterprise.objects.select_related("region", "industry"), slug=slug)
    context = landing_context(
        studio_filter={"enterprise": enterprise},
        project_filter={"studio__enterprise": enterprise},
        person_filter={"enterprise": enterprise},
    )
    context.update(topic=enterprise, kind="enterprise", **topic_meta(enterprise.name))
    adoptions = ProjectAdoption.objects.public().select_related("project", "enterprise", "studio__enterprise")
    context["adoptions_elsewhere"] = adoptions.filter(studio__enterprise=enterprise).order_by("-adopted_on", "pk")
    context["adoptions_here"] = adoptions.filter(enterprise=enterprise).order_by("-adopted_on", "pk")
    return render(request, "pages/topic_detail.html", context)


# What every site answers at its root ------------------------------------------------------------

ROBOTS_DISALLOWED = [
    "/admin/",
    "/search/",
    "/collaborate/",
    "/adopt/",
    "/apply/",
]  # forms and result lists, not content


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page links; the file is a static one."""
    return redirect(static("favicon.ico"))


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class StatisticsFilter(forms.Form):
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(), to_field_name="slug", required=False, label=_("地区"), empty_label=_("全部")
    )
    year = forms.TypedChoiceField(coerce=int, required=False, label=_("年份"), empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_tree_order()
        years = {d.year for d in ProjectPage.objects.live().public().dates("start_date", "year")}
        years |= set(StudioPage.objects.live().public().values_list("year_recognised", flat=True).distinct())
        self.fields["year"].choices = [("", _("全部")), *((y, y) for y in sorted(years, reverse=True))]

    def narrowing(self):
        """(region, year) from a valid form; a filter that does not hold is left out, never an error."""
        if not self.is_bound:
            return None, None
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("region"), data.get("year")


def statistics_page(request):
    form = StatisticsFilter(request.GET or None)
    region, year = form.narrowing()
    counters, figures = statistics(region, year)
    context = {
        "statistics_filter": {"form": form},  # as components/filter_form.html reads a FilterSet
        "counters": counters,
        "figures": figures,
        "charts": [figure.as_chart() for figure in figures],
        "query": request.GET.urlencode(),
        "meta_title": _("统计"),
        "meta_description": _("创新工作室、五小成果、经济效益和跨企业合作的统计图表"),
    }
    return render(request, "pages/statistics.html", context)


def statistics_csv(request, key):
    region, year = StatisticsFilter(request.GET or None).narrowing()
    _counters, figures = statistics(region, year)
    figure = next((figure for figure in figures if figure.key == key), None)
    if figure is None:
        raise Http404
    headers, rows = figure.table()
    return csv_response(f"{_('统计')}-{figure.title}", headers, rows)
