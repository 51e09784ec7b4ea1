"""The one-way layers that `make lint` enforces (import-linter, configured in pyproject.toml)."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd):
    return subprocess.run(  # noqa: S603 — our own tool, no shell
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    """The project's packages and import-linter configuration, copied so that tests can add modules."""
    copy = tmp_path_factory.mktemp("layers")
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# Each pair: a module that is added in a lower room, and the higher room it wrongly imports.
WRONG_WAY = [
    ("core/wrong_way.py", "from projects.models import ProjectPage\n"),
    ("studios/wrong_way.py", "from search import service\n"),
    ("projects/wrong_way.py", "import review.roles\n"),
    ("challenges/wrong_way.py", "from collaboration.models import CollaborationRequest\n"),
    ("textsearch/wrong_way.py", "import core.models\n"),
    ("review/wrong_way.py", "from search.records import record_for\n"),
    ("textsearch/analysis_helper.py", "import django.db\n"),
]


@pytest.mark.parametrize(("path", "source"), WRONG_WAY, ids=[path for path, _ in WRONG_WAY])
def test_a_wrong_way_import_is_reported(project_copy, path, source):
    module = project_copy / path
    module.write_text(source, encoding="utf-8")
    if path == "textsearch/analysis_helper.py":  # reached from the pure analysis module
        analysis = project_copy / "textsearch" / "analysis.py"
        original = analysis.read_text(encoding="utf-8")
        analysis.write_text("from textsearch import analysis_helper  # noqa\n" + original, encoding="utf-8")
    try:
        result = lint_imports(project_copy)
    finally:
        module.unlink()
        if path == "textsearch/analysis_helper.py":
            analysis.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
    imported_module = path.removesuffix(".py").replace("/", ".")
    assert imported_module in result.stdout


def test_the_text_analysis_loads_without_django():
    code = (
        "import sys, textsearch.analysis as a; a.index_terms('劳动模范');"
        "print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "False"
