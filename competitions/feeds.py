from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.models import CompetitionIndexPage, CompetitionPage, CompetitionResult

FEED_SIZE = 30
WINNERS_SHOWN = 3


class LatestCompetitionsFeed(Feed):
    """The latest competitions and their winners, for the unions' and enterprises' news readers."""

    title = gettext_lazy("创新工作室联盟 · 技能竞赛")
    description = gettext_lazy("各级技能竞赛及获奖人员")

    def link(self):
        index = CompetitionIndexPage.objects.live().public().first()
        return index.get_url() if index else "/"

    def items(self):
        results = CompetitionResult.objects.select_related("person").order_by("rank", "sort_order")
        return (
            CompetitionPage.objects.live()
            .public()
            .prefetch_related(Prefetch("results", queryset=results))
            .order_by("-start_date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [f"{item.get_level_display()} · {item.get_cycle_display()} · {item.trade}", item.summary]
        results = list(item.results.all())
        if results:
            named = _("、").join(
                _("%(name)s（%(award)s）")
                % {"name": result.person.name, "award": result.award or _("第 %(rank)s 名") % {"rank": result.rank}}
                for result in results[:WINNERS_SHOWN]
            )
            more = _("等 %(count)s 人") % {"count": len(results)} if len(results) > WINNERS_SHOWN else ""
            parts.append(_("获奖人员：%(names)s%(more)s") % {"names": named, "more": more})
        return "\n".join(parts)

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_level_display(), item.get_cycle_display()]

    def item_author_name(self, item):
        return item.organiser


class LatestCompetitionsAtomFeed(LatestCompetitionsFeed):
    feed_type = Atom1Feed
    subtitle = LatestCompetitionsFeed.description
