"""The public filters' drop-downs (core.filters.QuickSelect) are Django's markup, written without templates."""

import pytest
from bs4 import BeautifulSoup

from django import forms
from django.test import RequestFactory

from core.filters import FilterSet, QuickSelect
from core.models import DirectoryPage

pytestmark = pytest.mark.django_db

AWKWARD = [("", "全部"), ("a&b", '<甲> & "乙"'), ("组", [("x", "子项 x"), ("y", "子项 'y'")]), (3, "三")]


def subclasses(base):
    for subclass in base.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def every_listing_filter():
    """Each directory page's filter set over its own listing, as the page builds it; every filter set is one."""
    pages = [model.objects.get() for model in subclasses(DirectoryPage) if not model._meta.abstract]
    filter_sets = {page.filterset_class: page.filtered(RequestFactory().get("/")) for page in pages}
    assert filter_sets.keys() == set(subclasses(FilterSet)), filter_sets.keys() ^ set(subclasses(FilterSet))
    return filter_sets


def structure(html):
    """Each element with its attributes and own text, in document order: what a browser builds."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        (
            tag.name,
            sorted((k, " ".join(v) if isinstance(v, list) else v) for k, v in tag.attrs.items()),
            "".join(tag.find_all(string=True, recursive=False)).strip(),
        )
        for tag in soup.find_all(True)
    ]


def both(widget, name, value, choices=None):
    """QuickSelect's markup and Django's for the same options (a field's own, read now, when given)."""
    attrs = {"id": f"id_{name}"}
    django = forms.Select(attrs=widget.attrs, choices=choices or widget.choices).render(name, value, attrs)
    return structure(widget.render(name, value, attrs)), structure(django)


def test_every_filter_drop_down_is_written_as_django_writes_it_for_every_value():
    checked = 0
    for filter_set, filtered in every_listing_filter().items():
        form = filtered.form
        for name, field in form.fields.items():
            if type(field.widget) is forms.Select:
                raise AssertionError(f"{filter_set.__name__}.{name} is rendered through Django's templates")
            if not isinstance(field.widget, QuickSelect):
                continue
            values = [value for value, _label in field.widget.choices][:30] + [None, "no-such-value"]
            for value in values:
                quick, django = both(field.widget, name, value, choices=list(field.choices))
                assert quick == django, (filter_set.__name__, name, value)
                checked += 1
    assert checked > 50


@pytest.mark.parametrize("value", ["", "a&b", "x", "y", 3, "3", None, "z"])
def test_groups_escaping_and_attributes_match_too(value):
    widget = QuickSelect(attrs={"class": "x", "data-q": '"q"', "required": True, "disabled": False}, choices=AWKWARD)
    quick, django = both(widget, "k", value)
    assert quick == django
    assert ("optgroup", [("label", "组")], "") in quick


def test_a_new_enterprise_is_offered_by_the_filters_at_once(client, demo):
    from studios.models import Enterprise

    def offered():
        soup = BeautifulSoup(client.get(demo.studio_index.url, {"level": ""}).content, "html.parser")
        return {option.get_text() for option in soup.select("select[name=enterprise] option")}

    before = offered()
    assert offered() == before  # the second view reads the kept options
    model = Enterprise.objects.first()
    Enterprise.objects.create(
        name="新入盟的测试企业", slug="new-test-enterprise", region=model.region, industry=model.industry
    )
    assert offered() == before | {"新入盟的测试企业"}
