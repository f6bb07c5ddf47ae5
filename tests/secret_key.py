"""A pytest plugin (pyproject's addopts) that gives the test run a secret key.

The suite runs with DEBUG off, as a served archive does, and settings then refuse to start
without a SECRET_KEY of its own. pytest-django reads settings before any conftest.py, so the
key is set here, when pytest loads its plugins: a fresh random one for each run, unless the
environment already gives one.
"""

import os
import secrets

if not os.environ.get("SECRET_KEY", "").strip():
    os.environ["SECRET_KEY"] = f"test-run-{secrets.token_urlsafe(50)}"
