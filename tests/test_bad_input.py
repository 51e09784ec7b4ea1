"""Bad input never gives a server error: a generated corpus of malformed values over every public
GET endpoint (read from the URL resolver and the page tree) and every public form."""

import random
import unicodedata
from urllib.parse import quote

import pytest

from collaboration.forms import CollaborationRequestForm
from projects.models import ProjectPage
from review.forms import StudioApplicationForm
from search.facets import FACETS
from tests.site_urls import public_urls

pytestmark = pytest.mark.django_db

PARAMETERS = sorted(
    {*FACETS.names(), "q", "page", "page_size", "type", "sort", "status", "category", "seeking", "title", "kind"}
)


def bad_values(seed=2026):
    """Strings a fuzzer or a confused client sends, as raw query-string values (percent-encoded bytes)."""
    rng = random.Random(seed)
    digits = [chr(c) for c in range(0x80, 0x20000) if unicodedata.category(chr(c)) in ("Nd", "No")]
    texts = rng.sample(digits, 12) + ["²", "①", "٣", "５", "½"]
    texts += ["-1", "0", "1e9", "9" * 40, str(2**63), str(2**63 - 1), str(-(2**63) - 1), "1.5", " 1 ", "0x10"]
    texts += ["NaN", "inf", "\x00", "a\x00b", "\t\n", "<script>alert(1)</script>", "' OR 1=1 --", "{}", "[]", "null"]
    texts += ["x" * 100_000, "工作室" * 30_000, "\u202e\u200b", "🧰" * 50, "../../etc/passwd", "%", "*", "\\"]
    encoded = [quote(text.encode("utf-8"), safe="") for text in texts]
    # Byte sequences that are not UTF-8 at all, and broken percent-encodings, sent as they are.
    encoded += ["%ED%A0%80", "%FF%FE", "%C3", "%E4%B8", "%zz", "%", "%%", "%0", "%u4e2d"]
    return encoded


def filling(name, limit, text):
    """`name`=`text` repeated to the longest query string a request may carry."""
    unit = quote(text.encode("utf-8"), safe="")
    return f"{name}={unit * ((limit - len(name) - 1) // len(unit))}"


def test_no_public_get_endpoint_gives_a_server_error_on_bad_input(client, settings):
    client.raise_request_exception = False
    urls = public_urls(client)
    assert len(urls) >= 20, urls
    values = bad_values()
    limit = settings.MAX_QUERY_STRING_BYTES
    rng = random.Random(7)
    errors, tried = [], 0
    for url in urls:
        queries = ["&".join(f"{name}={value}" for name in PARAMETERS) for value in values]
        queries += [f"{name}={rng.choice(values)}" for name in PARAMETERS]
        # Each parameter alone as long as a query may be (the overlong values above are refused whole).
        queries += [filling(name, limit, text) for name in PARAMETERS for text in ("x", "工作室")]
        queries += ["page=1&page=2&q=a&q=b", "page[]=1&q[]=x", "q", "=&&=", "type=project&type=person"]
        for query in queries:
            response = client.get(url, QUERY_STRING=query)
            tried += 1
            if response.status_code >= 500:
                errors.append((url, query[:120], response.status_code))
    assert tried > 1500
    assert not errors, errors[:20]


def test_a_query_string_over_the_limit_is_refused_with_a_page_in_the_visitors_language(client, settings):
    limit = settings.MAX_QUERY_STRING_BYTES
    for url in public_urls(client):
        longest = client.get(url, QUERY_STRING=filling("q", limit, "x"))
        assert longest.status_code not in (414, 500), url
        overlong = client.get(url, QUERY_STRING=filling("q", limit + 1, "x"))
        assert overlong.status_code == 414, url
        assert "网址太长" in overlong.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    overlong = client.get("/search/", QUERY_STRING=filling("q", limit + 1, "x"))
    assert overlong.status_code == 414
    assert "URL too long" in overlong.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/collaborate/project/9223372036854775808/",
        "/collaborate/project/0/",
        "/collaborate/studio/99999999999999999999999/",
        "/collaborate/person/-1/",
        "/collaborate/nothing/1/",
        "/collaborate/project/１２/",
        "/collaborate/project/²/",
    ],
)
def test_ids_beyond_the_database_range_are_not_found(client, path):
    client.raise_request_exception = False
    assert client.get(path).status_code == 404


def form_values():
    texts = ["", " ", "x" * 100_000, "\x00", "<script>alert(1)</script>", "²", "9" * 40, "a@b", "工作室" * 5000]
    return texts


def test_the_public_forms_answer_bad_input_with_a_form_not_a_server_error(client):
    client.raise_request_exception = False
    project = ProjectPage.objects.live().order_by("pk").first()
    forms = {
        # Every field each public form has (its own declaration), and the honeypot.
        f"/collaborate/project/{project.pk}/": [*CollaborationRequestForm.Meta.fields, "website"],
        "/apply/": [*StudioApplicationForm.Meta.fields, "website"],
    }
    errors = []
    for url, fields in forms.items():
        assert client.get(url).status_code == 200
        for value in form_values():
            response = client.post(url, dict.fromkeys(fields, value))
            if response.status_code >= 500:
                errors.append((url, value[:40], response.status_code))
            response = client.post(url, {name: [value, value] for name in fields})
            if response.status_code >= 500:
                errors.append((url, f"repeated {value[:40]}", response.status_code))
    assert not errors, errors
