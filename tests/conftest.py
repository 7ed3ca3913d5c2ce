from __future__ import annotations

import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def prices():
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    return PriceBook(data_dirs=[BUNDLED_DIR])


@pytest.fixture(scope="session", autouse=True)
def _isolate_cache(tmp_path_factory):
    """Tests never read or fill a developer's cache directory (parsed tables, packed fleets): one folder per session."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADVISOR_CACHE_DIR", str(tmp_path_factory.mktemp("advisor-cache")))
        # pytest-xdist already runs one test process per CPU: packings stay in the test's process (tests of the
        # worker processes set ADVISOR_WORKERS themselves)
        mp.setenv("ADVISOR_WORKERS", "1")
        yield


@pytest.fixture(scope="session", autouse=True)
def _cli_command_built_once():
    """``CliRunner().invoke(app, ...)`` builds advisor's click command from the Typer app once per worker, as the
    installed ``advisor`` does once per process, instead of on every call (about 0.1 s each, some 1,500 calls)."""
    from fuzz_cli import cached_app_command

    with cached_app_command():
        yield


@pytest.fixture(scope="session")
def _user_data_root(tmp_path_factory):
    """The folder that holds each test's own empty user data directory (one per session and worker)."""
    return tmp_path_factory.mktemp("advisor-data")


_user_data_dirs = itertools.count()


@pytest.fixture(autouse=True)
def _isolate_user_data(_user_data_root, monkeypatch):
    """Tests never read a developer's refreshed prices: point the user data dir at an empty folder of the test's own.
    (Named by a counter: ``tmp_path_factory.mktemp`` lists every folder made before it to number the next, which
    over a worker's ~2,000 tests cost seconds.)"""
    folder = _user_data_root / str(next(_user_data_dirs))
    folder.mkdir()
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(folder))
    from advisor.pricing import book

    book._default.cache_clear()
    yield
    book._default.cache_clear()
