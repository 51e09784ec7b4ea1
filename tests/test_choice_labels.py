"""core.models.ChoiceLabelsMixin gives every page type's choice labels as Django does, in each language."""

import pytest

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from core.models import ChoiceLabelsMixin

pytestmark = pytest.mark.django_db  # a new page looks up the default locale


def pages_with_choices():
    for model in apps.get_models():
        if issubclass(model, ChoiceLabelsMixin):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_choice_label_of_every_page_type_is_djangos(language):
    checked = 0
    with translation.override(language):
        for model, field in pages_with_choices():
            for value in [value for value, _label in field.flatchoices] + ["no-such-value", None]:
                page = model(**{field.attname: value})
                assert getattr(page, f"get_{field.name}_display")() == Model._get_FIELD_display(page, field)
                checked += 1
    assert checked > 30


def test_labels_follow_the_active_language():
    model, field = next(pages_with_choices())
    value = next(value for value, label in field.flatchoices if value)
    page = model(**{field.attname: value})
    with translation.override("zh-hans"):
        chinese = getattr(page, f"get_{field.name}_display")()
    with translation.override("en"):
        english = getattr(page, f"get_{field.name}_display")()
    assert chinese != english and english.isascii()
