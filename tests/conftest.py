import pytest

from django.core.management import call_command
from django.utils import translation

from studios.models import Person

# The demo content used by most tests: smaller than the default, same generator.
DEMO_SIZE = {"projects": 120, "studios": 24, "people": 80}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo data once; every test runs in a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        call_command("load_demo_data", verbosity=0, **DEMO_SIZE)


@pytest.fixture(autouse=True)
def chinese_by_default():
    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def demo(db):
    """Handy lookups into the demo content."""
    from home.models import HomePage
    from projects.models import ProjectIndexPage, ProjectPage
    from studios.models import AllianceIndexPage, AlliancePage, PeopleIndexPage, StudioIndexPage, StudioPage

    class Demo:
        home = HomePage.objects.get()
        studio_index = StudioIndexPage.objects.get()
        project_index = ProjectIndexPage.objects.get()
        people_index = PeopleIndexPage.objects.get()
        alliance_index = AllianceIndexPage.objects.get()
        studio = StudioPage.objects.live().order_by("pk").first()
        project = ProjectPage.objects.live().exclude(economic_benefit=None).order_by("pk").first()
        alliance = AlliancePage.objects.live().order_by("pk").first()
        person = Person.objects.get(slug="wang-jian-guo")

    return Demo


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("reviewer", "reviewer@example.com", "pw-for-tests")
    client.force_login(user)
    return client
