"""A pytest plugin (pyproject's addopts) that installs the development app for the test run.

The benchmark commands and the synthetic corpus live in tests/bench/, an app settings install
only when CONCORD_DEV_APPS names it (never on a served archive). The suite tests them, so it
asks for it here, before pytest-django reads settings.
"""

import os

_apps = [name.strip() for name in os.environ.get("CONCORD_DEV_APPS", "").split(",") if name.strip()]
if "bench" not in _apps:
    os.environ["CONCORD_DEV_APPS"] = ",".join([*_apps, "bench"])
