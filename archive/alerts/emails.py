"""The two e-mails of alerts: the confirmation link, and a digest of new articles.

Both are rendered in the reader's language from templates (templates/archive/alerts/email/);
the digest has a plain-text body and an HTML alternative, autoescaped like every page, so an
article's title can never become markup. Every digest carries its one-click unsubscribe link
in the text and in the List-Unsubscribe headers (RFC 2369, RFC 8058).
"""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive.alerts import signing
from archive.alerts.searches import describe, title_of


def absolute(path: str) -> str:
    """A site path as a full address (SITE_URL), for links that leave the browser."""
    return settings.SITE_URL + path


def _one_line(text: str) -> str:
    # A subject is one header line: a name with a line break must not add headers.
    return " ".join(text.split())


def confirmation(request: signing.Request) -> EmailMessage:
    """The e-mail asking the address's owner to confirm (double opt-in)."""
    token = signing.token_for(request)
    with translation.override(request.language):
        title = request.name or describe(request.query)
        context = {
            "title": title,
            "confirm_url": absolute(reverse("archive:alert-confirm", args=[token])),
            "search_url": absolute(_search_path(request.query)),
            "hours": settings.ALERT_CONFIRM_MAX_AGE // 3600,
        }
        subject = _one_line(_("Concord: confirm alerts for %(title)s") % {"title": title})
        body = render_to_string("archive/alerts/email/confirm.txt", context)
    return EmailMessage(subject, body, to=[request.email])


def _search_path(query: str) -> str:
    url = reverse("archive:search")
    return f"{url}?{query}" if query else url


def digest(subscription, articles, more: int) -> EmailMultiAlternatives:
    """One digest: the new articles (a list of Article), and how many more were not listed."""
    saved = subscription.saved_search
    unsubscribe = absolute(subscription.unsubscribe_path())
    with translation.override(subscription.language):
        title = title_of(saved)
        count = len(articles) + more
        context = {
            "title": title,
            "articles": [(a, absolute(a.get_absolute_url())) for a in articles],
            "more": more,
            "search_url": absolute(saved.get_absolute_url() + ("&" if saved.query else "?"))
            + "sort=newest",
            "feed_url": absolute(saved.feed_url()),
            "unsubscribe_url": unsubscribe,
            "language": subscription.language,
        }
        subject = _one_line(
            ngettext(
                "Concord: %(count)d new article for %(title)s",
                "Concord: %(count)d new articles for %(title)s",
                count,
            )
            % {"count": count, "title": title}
        )
        text = render_to_string("archive/alerts/email/digest.txt", context)
        html = render_to_string("archive/alerts/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
