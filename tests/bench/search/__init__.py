"""The search benchmark (`manage.py bench`): request kinds drawn from the corpus (`pools`,
`queries`), timed over HTTP against gunicorn (`timing`), tabulated against the targets (`report`)."""
