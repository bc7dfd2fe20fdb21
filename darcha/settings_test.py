"""Settings for the test suite: darcha.settings itself, as a throwaway instance on this machine.

pytest-django imports the settings before any conftest.py runs, so the flag that lets the suite use
the development defaults (DARCHA_BENCH, see "Production guards" in darcha/settings.py) is set here.
It stays in the environment, so the manage.py subprocesses that tests start see it too.
"""

import os

os.environ.setdefault("DARCHA_BENCH", "1")

from darcha.settings import *  # noqa: F403
