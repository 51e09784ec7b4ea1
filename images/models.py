from django.db import models

from modelsearch import index
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from textsearch.fields import chinese


class CustomImage(AbstractImage):
    """Wagtail image with a caption and credit, shown under gallery images."""

    caption = models.CharField("说明", max_length=255, blank=True)
    credit = models.CharField("来源", max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("caption", "credit")
    search_fields = chinese([*AbstractImage.search_fields, index.SearchField("caption")])

    class Meta(AbstractImage.Meta):
        verbose_name = "图片"
        verbose_name_plural = "图片"

    @property
    def default_alt_text(self):
        return self.caption or self.title

    def get_rendition(self, filter):
        """Wagtail's get_rendition writes every rendition it hands out to the cache, even one that came from
        the renditions prefetched with the image (a cache write per picture of every card on every view);
        get_renditions leaves those alone. The same rendition either way."""
        (rendition,) = self.get_renditions(filter).values()
        return rendition


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
