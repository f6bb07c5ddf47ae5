"""An article's citation as a file for reference managers: `/articles/<id>/cite.bib`,
`cite.ris` and `cite.json` (CSL-JSON). Opening the RIS file imports it into Zotero,
Mendeley or EndNote; the article page links all three."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from archive import citation_formats as formats
from archive.citation import work_for
from archive.models import Article

FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", formats.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", formats.ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", formats.csl_json),
}


def reference_for(request, article: Article) -> formats.Reference:
    """What the files cite: the article as the page cites it, accessed today."""
    archive_url = request.build_absolute_uri(article.get_absolute_url())
    return formats.Reference(
        work=work_for(article, archive_url),
        key=f"concord{article.pk}",
        archive_url=archive_url,
        accessed=timezone.localdate(),
        abstract=article.lead,
    )


@require_safe
def article_citation(request, pk: int, fmt: str):
    """The article's citation in one format, as a file to save or open."""
    article = get_object_or_404(Article.objects.select_related("outlet").defer("body"), pk=pk)
    content_type, build = FORMATS[fmt]
    response = HttpResponse(build(reference_for(request, article)), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"concord-{pk}.{fmt}")
    return response
