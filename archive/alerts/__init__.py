"""Alerts: a saved search's new matches by Atom feed and by e-mail digest.

`searches` validates and canonicalises a search's parameters; `signing` carries an unconfirmed
subscription in its confirmation link; `throttle` limits how many confirmation e-mails one
address or one client can ask for; `emails` builds the messages; `digest` finds what is new
for each subscription and sends it (manage.py send_alerts); `feed` serves a saved search as
a named Atom feed.
"""
