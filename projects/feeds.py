from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from projects.models import ProjectPage

FEED_SIZE = 30


class LatestProjectsFeed(Feed):
    title = _("创新工作室联盟 · 最新五小成果")
    description = _("各创新工作室最新发布的五小成果")
    link = "/"

    def items(self):
        # A page behind a login or password stays out of a feed anyone may read.
        return ProjectPage.objects.for_listing().public().order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.get_category_display()]

    def item_author_name(self, item):
        return item.studio.title if item.studio else ""


class LatestProjectsAtomFeed(LatestProjectsFeed):
    feed_type = Atom1Feed
    subtitle = LatestProjectsFeed.description
