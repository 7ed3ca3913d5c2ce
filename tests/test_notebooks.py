"""Execute every notebook in notebooks/ with a real Jupyter kernel, offline, on the bundled prices.

A broken notebook (an API change, a renamed column, an example that moved) fails the suite. Needs the test
extras (nbclient, nbformat, ipykernel); the kernel is the ``python3`` kernelspec ipykernel installs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs_and_formulas(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert any("import advisor" in c.source for c in code)
    for c in code:  # no arithmetic on prices: notebooks call advisor, filter, display and plot
        for line in c.source.splitlines():
            if line.lstrip().startswith("#"):
                continue
            # a binary operator between names/numbers (path joins like ROOT / "examples" are fine)
            assert not re.search(r"[\w)\]] [-+*/] [\w(]", line), f"{path.name}: formula-like {line!r}"
            # .round(: advisor.shown gives money to the cent as every output shows it; pandas' round(2) of an exact
            # $887.005 (887.0049999999999) showed 3087.00 in notebook 02 where compare says $3,087.01
            for op in (".sum(", ".mean(", ".diff(", ".cumsum(", "730", ".round("):
                assert op not in line, f"{path.name}: formula-like {op!r} in {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, tmp_path, monkeypatch):
    # The kernel inherits this environment: an empty user data dir (bundled prices only), the source tree on
    # the path, and a headless matplotlib backend.
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "advisor-data"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    # the outputs are read after execute() returns: the kernel is stopped at once instead of asked to shut down and
    # waited for (about 0.4 s per notebook)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", shutdown_kernel="immediate",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    assert any(o.output_type == "display_data" and "image/png" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])), "no chart was drawn"
