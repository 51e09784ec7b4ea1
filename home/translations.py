"""Chinese for messages that Wagtail shows to our users but its zh_Hans catalogue lacks.

Wagtail's Simplified Chinese admin translation trails its source; these are the ones an editor
meets when creating, saving or uploading. Listing them here keeps them in site/locale (which
takes precedence over Wagtail's own catalogue) when `make messages` regenerates it.
"""

from django.utils.translation import gettext_noop

WAGTAIL_MESSAGES = [
    gettext_noop("This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("The page could not be saved due to validation errors."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("Go to the first error"),
]
