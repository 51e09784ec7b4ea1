from studios.directory import Enterprise, Honor, Industry, Person, PersonSkill, Region

from .alliances import (
    AllianceActivity,
    AllianceIndexPage,
    AllianceMember,
    AlliancePage,
    AllianceProject,
    AllianceTask,
    AllianceTerm,
)
from .pages import (
    PeopleIndexPage,
    StudioGalleryImage,
    StudioIndexPage,
    StudioMembership,
    StudioMentorship,
    StudioPage,
    studio_region,
)

__all__ = [
    "AllianceActivity",
    "AllianceIndexPage",
    "AllianceMember",
    "AlliancePage",
    "AllianceProject",
    "AllianceTask",
    "AllianceTerm",
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
    "studio_region",
]
