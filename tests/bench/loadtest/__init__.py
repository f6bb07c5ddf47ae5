"""The load benchmark (`manage.py loadtest`, `make loadtest`): mixed reader traffic against
gunicorn on 127.0.0.1, at several numbers of concurrent clients. docs/loadtest.md explains
the traffic and keeps the measured tables."""
