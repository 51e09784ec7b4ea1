from studios.directory import Enterprise, Honor, Industry, Person, PersonSkill, Region

from .alliances import AllianceIndexPage, AllianceMember, AlliancePage, AllianceProject
from .pages import (
    PeopleIndexPage,
    StudioGalleryImage,
    StudioIndexPage,
    StudioMembership,
    StudioMentorship,
    StudioPage,
)

__all__ = [
    "AllianceIndexPage",
    "AllianceMember",
    "AlliancePage",
    "AllianceProject",
    "Enterprise",
    "Honor",
    "Industry",
    "PeopleIndexPage",
    "Person",
    "PersonSkill",
    "Region",
    "StudioGalleryImage",
    "StudioIndexPage",
    "StudioMembership",
    "StudioMentorship",
    "StudioPage",
]
