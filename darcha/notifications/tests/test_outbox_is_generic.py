"""The outbox knows no domain app: nothing in darcha.notifications imports one (not even for typing)."""

import ast
from pathlib import Path

import darcha.notifications

ALLOWED = ("darcha.notifications", "darcha.core")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_outbox_imports_another_darcha_app():
    package = Path(darcha.notifications.__file__).parent
    offenders = {
        (str(path.relative_to(package)), name)
        for path in package.rglob("*.py")
        for name in imported_modules(path)
        if name.startswith("darcha.")
        and not name.startswith(ALLOWED)
        # Tests may borrow the staff accounts to log in to the admin.
        and not (path.parent.name == "tests" and name.startswith("darcha.accounts"))
    }
    assert not offenders
