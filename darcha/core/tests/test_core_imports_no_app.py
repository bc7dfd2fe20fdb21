"""The worker machinery in darcha.core imports no other darcha app: apps register with it, not the reverse.

Limited to the worker's modules; the rest of darcha.core (views, seed commands) is being moved down
to the same rule by the layering work, after which import-linter checks the whole package.
"""

import ast
from pathlib import Path

import pytest

import darcha.core

WORKER_MODULES = ["worker.py", "periodic.py", "outage.py", "management/commands/run_worker.py"]


@pytest.mark.parametrize("module", WORKER_MODULES)
def test_the_worker_modules_import_only_core(module):
    path = Path(darcha.core.__file__).parent / module
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    assert not {name for name in imported if name.startswith("darcha.") and not name.startswith("darcha.core")}
