"""sitemap.xml: Wagtail's pages plus the profiles and landing pages served by Django views."""

from django.contrib.sitemaps import Sitemap

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from studios.models import Enterprise, Industry, Person, Region


class ModelSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.order_by("pk")


class PersonSitemap(ModelSitemap):
    model = Person


class RegionSitemap(ModelSitemap):
    model = Region


class IndustrySitemap(ModelSitemap):
    model = Industry


class EnterpriseSitemap(ModelSitemap):
    model = Enterprise


SITEMAPS = {
    "pages": WagtailSitemap,
    "people": PersonSitemap,
    "regions": RegionSitemap,
    "industries": IndustrySitemap,
    "enterprises": EnterpriseSitemap,
}
