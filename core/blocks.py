from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading_block.html"
        label = _("小标题")
        description = _("分隔正文的小标题")
        preview_value = {"text": "攻关历程", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "components/blocks/image_block.html"
        label = _("图片")
        description = _("一张带说明的图片")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(label=_("出处"), required=False, max_length=100)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote_block.html"
        label = _("引言")
        description = _("一段引述，例如领办人的话")
        preview_value = {"text": "把难题当课题，把课题变成果。", "attribution": "领办人"}


class BaseStreamBlock(blocks.StreamBlock):
    """The body content used by studios, alliances and other long-form pages."""

    heading = HeadingBlock(group=_("文字"))
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        label=_("段落"),
        template="components/blocks/paragraph_block.html",
        description=_("一段正文"),
        preview_value="<p>工作室围绕生产一线的难点、堵点开展技术攻关。</p>",
        group=_("文字"),
    )
    quote = QuoteBlock(group=_("文字"))
    image = CaptionedImageBlock(group=_("媒体"))

    class Meta:
        block_counts = {"heading": {"max_num": 20}}
