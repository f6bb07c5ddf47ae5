"""The review queue's counts for the admin home page (templates/admin/index.html)."""

from django import template

from archive.admin_review import queues

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queues(context) -> list[dict]:
    """The queues with their counts, for an editor who may see articles; else none."""
    request = context.get("request")
    if request is None or not request.user.has_perm("archive.view_article"):
        return []
    return queues()
