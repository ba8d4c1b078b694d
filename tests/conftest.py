"""Fixtures shared by the tests: the project root, temporary copies of it (or of its data alone),
one built copy for every test that needs a built book, `make book`, and Chromium for the browser
tests.

Nothing in a test run writes into the working tree: chapter kernels (strict nbval) write their
figures to a temporary folder, which the reproducibility test then compares with figures/;
builds happen on copies; a session that changed a file of the tree fails, naming it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

VENV = Path(sys.prefix)
# matplotlib's font cache belongs to this venv, as under make: a cache in the home folder, written
# by another install, can list fonts that are not there, and a kernel then warns on stderr, which
# strict nbval counts as a changed output. Built here, before any kernel starts.
os.environ.setdefault("MPLCONFIGDIR", str(VENV / "matplotlib"))

import browser_checks  # noqa: E402
import matplotlib.font_manager  # noqa: E402, F401
import pytest  # noqa: E402

from amcenestrant_book.paths import FIGURES_ENV  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info",
                                     ".ipynb_checkpoints", ".pytest_cache", "node_modules")
NOT_THE_TREE = {".venv", ".git", "node_modules", "__pycache__"}
# pytest-xdist groups (`make test` runs two workers with --dist loadgroup): the tests of a group run
# on one worker, in the order collected, and share its session fixtures.
CHAPTERS_GROUP = "chapters"  # strict nbval's cells (a kernel per notebook), then the test of their figures
BUILT_GROUP = "built"  # the tests that read the built copy (the browser's visit of every page)
COPIES_GROUP = "built-copies"  # the tests that build a private copy of it (its worker builds its own)
BUILT_FIXTURES = {"built_copy", "built_book"}


def tree_digest(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*")) if path.is_file()
    }


def working_tree(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file of the working tree (not venv, git, caches)."""
    found = {}
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in NOT_THE_TREE and not d.endswith(".egg-info")]
        for name in names:
            status = os.stat(os.path.join(directory, name))
            found[os.path.relpath(os.path.join(directory, name), root)] = (status.st_size, status.st_mtime_ns)
    return found


def pytest_configure(config):
    config.kernel_figures = Path(tempfile.mkdtemp(prefix="kernel-figures-"))
    os.environ[FIGURES_ENV] = str(config.kernel_figures)  # inherited by every kernel nbval starts
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.dont_write_bytecode = True
    config.tree_before = working_tree(ROOT)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(CHAPTERS_GROUP))
        elif "built_copy_of" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(COPIES_GROUP))
        elif BUILT_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.name == "test_browser.py":
            item.add_marker(pytest.mark.xdist_group(BUILT_GROUP))


def pytest_collection_finish(session):
    """A worker whose groups did not take effect would split a notebook's cells between kernels:
    stop, saying why (pytest-xdist marks a grouped test by its node id)."""
    if not session.config.getoption("loadgroup", default=False):  # set on pytest-xdist workers only
        return
    ungrouped = [item.nodeid for item in session.items
                 if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if ungrouped:
        message = (f"pytest-xdist did not group {len(ungrouped)} tests (first: {ungrouped[0]}); "
                   "its --dist loadgroup needs pytest < 9.2, as requirements.in pins")
        print(f"error: {message}", file=sys.__stderr__, flush=True)  # a worker's exception is not shown
        raise pytest.UsageError(message)


def pytest_sessionfinish(session, exitstatus):
    changed = sorted(name for name, state in working_tree(ROOT).items() ^ session.config.tree_before.items())
    if changed:
        names = sorted(set(changed))
        print(f"\nerror: the test run changed the working tree: {', '.join(names[:20])}", file=sys.stderr)
        session.exitstatus = 1


def pytest_unconfigure(config):
    shutil.rmtree(config.kernel_figures, ignore_errors=True)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def copy_project(target: Path, source: Path = ROOT, keep_build: bool = False) -> Path:
    """A copy of the project (sources, data, chapters; no venv or git), mtimes kept."""
    ignore = COPY_IGNORE if not keep_build else shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "*.egg-info", ".ipynb_checkpoints", ".pytest_cache", "node_modules")
    shutil.copytree(source, target, ignore=ignore, symlinks=True)
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "book")


@pytest.fixture
def data_copy(root, tmp_path) -> Path:
    """A book root holding a copy of the data, the bibliography and _config.yml (no chapters), for a
    test to break one cell or one line of the descriptor."""
    shutil.copytree(root / "data", tmp_path / "data")
    shutil.copy(root / "references.bib", tmp_path)
    shutil.copy(root / "_config.yml", tmp_path)
    return tmp_path


def make_book(project: Path, target: str = "book") -> subprocess.CompletedProcess:
    """`make book` (or another target) in `project` with this test run's virtual environment,
    which is never reinstalled."""
    stamp = VENV / ".installed"
    env = {k: v for k, v in os.environ.items() if k not in ("AMCENESTRANT_BOOK_ROOT", FIGURES_ENV)}
    return subprocess.run(
        ["make", "-C", str(project), target, f"VENV={VENV}", "-o", str(stamp)],
        capture_output=True, text=True, env=env, check=False, timeout=1200,
    )


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Path:
    """One copy of the project built with `make book`, shared by every test that reads a built
    book and does not change it (tests that change it copy it first, see `built_copy_of`). Under
    pytest-xdist the first worker to need it builds it in the run's common folder, under a lock
    that the other worker waits on."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    project, done = shared / "built" / "book", shared / "built" / ".done"
    with open(shared / "built.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            shutil.rmtree(project.parent, ignore_errors=True)
            copy_project(project)
            result = make_book(project)
            assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
            done.touch()
    return project


@pytest.fixture(scope="session")
def built_book(built_copy) -> Path:
    """The HTML of the shared built copy."""
    return built_copy / "_build" / "html"


@pytest.fixture(scope="module", autouse=True)
def browser_tests_read_the_shared_build(request):
    """The browser tests open $BOOK_HTML when it is set (else they would build into the working
    tree): point it at the shared built copy. Autouse fixtures run first within their scope, so
    this precedes test_browser's own module fixture."""
    if request.module.__name__ != "test_browser" or os.environ.get("BOOK_HTML"):
        yield
        return
    os.environ["BOOK_HTML"] = str(request.getfixturevalue("built_book"))
    yield
    del os.environ["BOOK_HTML"]


@pytest.fixture
def built_copy_of(built_copy, tmp_path) -> Path:
    """A private copy of the shared built copy, _build included (its doctree cache too)."""
    return copy_project(tmp_path / "book", source=built_copy, keep_build=True)


@pytest.fixture(scope="module")
def browser():
    """Chromium for a module's browser tests; without it (or Playwright, or axe-core) they are
    skipped, saying why, and with CI set they fail."""
    reason = browser_checks.missing_requirements()
    if reason:
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}:
            pytest.fail(f"the browser tests must run in CI, but {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    with browser_checks.open_browser() as chromium:
        yield chromium


def require_chromium(path: Path = Path("/usr/lib/chromium/chromium")) -> None:
    """Skip a local run without Debian's chromium, saying why; in CI its absence is a failure."""
    if not path.is_file():
        message = f"Debian's chromium is not installed ({path}): apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message + "; the browser and PDF checks run in CI")
