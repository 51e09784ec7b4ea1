from .alliances import AllianceIndexPage, AllianceMember, AlliancePage, AllianceProject
from .pages import PeopleIndexPage, StudioGalleryImage, StudioIndexPage, StudioMembership, StudioPage
from .snippets import Enterprise, Honor, Industry, Person, PersonSkill, Region, unique_slug

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
    "StudioPage",
    "unique_slug",
]
