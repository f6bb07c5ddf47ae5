"""Alerts by e-mail: asking for them, confirming the address, and one-click unsubscribing.

Privacy first: asking stores nothing (the confirmation link carries the request, signed), the
answer to a request is the same whether or not the address is already subscribed or has asked
too often, and no page shows an address except to the holder of its own link.
"""

import logging
import smtplib

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from archive.alerts import emails, signing, throttle
from archive.alerts.searches import InvalidSearch, describe, saved_query, title_of
from archive.client_address import client_ip
from archive.models import SavedSearch, Subscription
from archive.text import interface_language

logger = logging.getLogger("concord.alerts")


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    name = forms.CharField(
        label=gettext_lazy("Name for this alert"), max_length=200, required=False, strip=True
    )
    # The search page's query string, as it was when the form was sent.
    search = forms.CharField(required=False, max_length=8000)


def _notice(request, title, paragraphs, status=200, **context):
    """One of the alerts pages: a heading, a few sentences, perhaps links or a button."""
    context.update(title=title, paragraphs=paragraphs)
    return render(request, "archive/alerts/notice.html", context, status=status)


def _back_to_search(query: str = "") -> list[tuple[str, str]]:
    url = reverse("archive:search") + (f"?{query}" if query else "")
    return [(url, _("Back to the search"))]


@require_POST
def subscribe(request):
    """Send a confirmation link for alerts on a search; the same answer whatever the address."""
    if not throttle.client_allowed(client_ip(request)):
        return _notice(
            request,
            _("Too many requests"),
            [_("Too many alerts were asked for from this connection. Try again in an hour.")],
            status=429,
        )
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return _notice(request, _("The alert could not be set up"), messages, status=400,
                       links=_back_to_search(request.POST.get("search", "")))  # fmt: skip
    try:
        query = saved_query(form.cleaned_data["search"])
    except InvalidSearch as error:
        return _notice(
            request,
            _("The alert could not be set up"),
            [_("Some of the search settings could not be used:")],
            status=400,
            problems=error.problems,
            links=_back_to_search(),
        )
    asked = signing.Request(
        email=BaseUserManager.normalize_email(form.cleaned_data["email"]),
        query=query,
        name=form.cleaned_data["name"],
        language=interface_language(),
    )
    # Past its hourly limit an address is silently not written to: saying so would tell
    # anyone that somebody had asked for it.
    if throttle.address_allowed(asked.email):
        try:
            emails.confirmation(asked).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("the confirmation e-mail could not be sent")
            return _notice(
                request,
                _("The e-mail could not be sent"),
                [_("The archive could not send e-mail just now. Please try again later.")],
                status=503,
            )
    return redirect("archive:alert-sent")


@never_cache
@require_GET
def sent(request):
    """After a request: look in the mailbox."""
    hours = settings.ALERT_CONFIRM_MAX_AGE // 3600
    return _notice(
        request,
        _("Check your mailbox"),
        [
            _(
                "If the address can receive e-mail, a message with a confirmation link is on "
                "its way. Alerts start only once the link is followed."
            ),
            _("The link is valid for %(hours)d hours. If nothing arrives, look in the spam folder.")
            % {"hours": hours},
        ],
        links=_back_to_search(),
    )


def _bad_link(request, expired: bool):
    reason = (
        _("This confirmation link has expired.")
        if expired
        else _("This confirmation link is not valid: it may have been cut or changed.")
    )
    return _notice(
        request,
        _("The link cannot be used"),
        [reason, _("Ask for alerts again from the search page; nothing was stored.")],
        status=400,
        links=_back_to_search(),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET: what is being confirmed, and a button; POST: store the subscription.

    A button rather than the link itself: mail filters open links to scan them, and would
    confirm for the reader.
    """
    try:
        asked = signing.request_from(token)
        query = saved_query(asked.query)
    except signing.BadLink as error:
        return _bad_link(request, error.expired)
    except InvalidSearch as error:
        return _notice(request, _("The link cannot be used"),
                       [_("Some of the search settings could not be used:")],
                       status=400, problems=error.problems, links=_back_to_search())  # fmt: skip
    title = asked.name or describe(query)
    if request.method == "GET":
        return _notice(
            request,
            _("Confirm e-mail alerts"),
            [
                _("Send new articles for %(title)s to %(email)s.")
                % {"title": title, "email": asked.email}
            ],
            button=_("Confirm"),
            links=[(reverse("archive:search") + (f"?{query}" if query else ""), _("The search"))],
        )
    saved = _store(asked, query)
    return _notice(
        request,
        _("Alerts confirmed"),
        [
            _("New articles for %(title)s will be sent to %(email)s.")
            % {"title": title, "email": asked.email},
            _("Every e-mail has a link to stop them."),
        ],
        links=[
            (saved.get_absolute_url(), _("The search")),
            (saved.feed_url(), _("The same alerts as an Atom feed")),
        ],
    )


def _store(asked: signing.Request, query: str) -> SavedSearch:
    """The saved search and a confirmed subscription to it (confirming twice changes nothing)."""
    with transaction.atomic():
        saved = SavedSearch.objects.filter(query=query, name=asked.name).order_by("id").first()
        if saved is None:
            saved = SavedSearch.objects.create(query=query, name=asked.name)
        Subscription.objects.get_or_create(
            saved_search=saved,
            email=asked.email,
            defaults={"confirmed_at": timezone.now(), "language": asked.language},
        )
    return saved


# Mail programs unsubscribe with a POST of their own (RFC 8058), which carries no CSRF token:
# the secret token in the address is what proves the request comes from the mailbox.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a button; POST: the subscription is deleted, with everything sent to it."""
    subscription = (
        Subscription.objects.select_related("saved_search").filter(unsubscribe_token=token).first()
    )
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return _notice(
            request,
            _("Unsubscribed"),
            [_("No more alerts will be sent for this search. Nothing about it is kept.")],
            links=_back_to_search(),
        )
    if subscription is None:
        return _notice(
            request,
            _("No such alert"),
            [_("This link belongs to no alert: it has already been stopped, or it was cut.")],
            status=404,
            links=_back_to_search(),
        )
    return _notice(
        request,
        _("Stop e-mail alerts"),
        [
            _("Stop sending new articles for %(title)s?")
            % {"title": title_of(subscription.saved_search)}
        ],
        button=_("Unsubscribe"),
    )
