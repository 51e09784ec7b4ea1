"""Production settings plus the floor page's template (bench/pages.py): a plain Wagtail `Page` renders
bench/templates/wagtailcore/page.html, a title and nothing else, through the same middleware."""

from pathlib import Path

from alliance.settings.production import *  # noqa: F403

TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]  # noqa: F405
