from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from projects.models import ProjectPage
from studios.choices import RegionKind
from studios.landing import landing_context
from studios.models import Enterprise, Industry, Person, Region


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
        "led_studios": person.led_studios.live().select_related("enterprise"),
        "memberships": person.memberships.filter(studio__live=True).select_related("studio__enterprise"),
        "projects": ProjectPage.objects.for_listing().filter(team_members__person=person).distinct(),
    }
    return render(request, "pages/person_detail.html", context)


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
    return render(request, "pages/topic_detail.html", context)
