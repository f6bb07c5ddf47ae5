"""Merging two register entries (agreements, outlets) into one, links and history kept.

Everything that points at the entry merged away is found through the model's own relations,
so a relation added later (events naming agreements, say) moves too without a change here:
foreign keys are repointed, and many-to-many links are moved unless the survivor already has
the same one (never a duplicate). The loser's names become other names of the survivor, so
the importer matches them to it instead of creating the loser again; its slug redirects to
the survivor (SlugRedirect). All in one transaction, with one history entry on the survivor.
"""

from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from archive.models import Agreement, Event, Outlet, SlugRedirect
from archive.page_cache import bump_generation

# Fields of the survivor filled from the loser when the survivor has none.
FILLED = {
    Agreement: ["name_ru", "name_en", "signed_on", "signed_place", "party_organisations"],
    Outlet: ["domain", "country"],
    Event: ["name_ru", "name_en", "end_on", "place", "place_country", "notes"],
}
KIND = {Agreement: "agreement", Outlet: "outlet", Event: "event"}


@dataclass
class MergeReport:
    """What a merge moved: links per relation, and the slugs that now redirect."""

    moved: dict[str, int] = field(default_factory=dict)
    slugs: list[str] = field(default_factory=list)

    def add(self, relation: str, count: int) -> None:
        if count:
            self.moved[relation] = self.moved.get(relation, 0) + count


def _move_many_to_many(through, own: str, other: str, loser, survivor) -> int:
    """Move the loser's rows of a link table to the survivor, skipping links it already has."""
    rows = through._default_manager
    held = rows.filter(**{own: survivor.pk}).values(other)
    moved = rows.filter(**{own: loser.pk}).exclude(**{f"{other}__in": held})
    count = moved.update(**{own: survivor.pk})
    rows.filter(**{own: loser.pk}).delete()
    return count


def _relations(model):
    """(name, kind, details) for every relation that points at a row of `model`."""
    throughs = set()
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if relation.many_to_many:
            if relation.auto_created:  # the other side's ManyToManyField, seen from here
                m2m, own, other = relation.field, None, None
                own, other = m2m.m2m_reverse_field_name(), m2m.m2m_field_name()
            else:  # this model's own ManyToManyField (an agreement's parties)
                m2m = relation
                own, other = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            through = m2m.remote_field.through
            throughs.add(through)
            found.append((relation.name, "m2m", (through, own, other)))
        elif relation.one_to_many or (relation.one_to_one and relation.auto_created):
            found.append((relation.name, "fk", relation))
    # A link table's own foreign key to the model is handled with its many-to-many field.
    return [r for r in found if r[1] == "m2m" or r[2].related_model not in throughs]


def _move_all(loser, survivor, report: MergeReport) -> None:
    for name, kind, details in _relations(type(loser)):
        if kind == "m2m":
            report.add(name, _move_many_to_many(*details, loser, survivor))
        else:
            rows = details.related_model._base_manager.filter(**{details.field.name: loser.pk})
            report.add(name, rows.update(**{details.field.name: survivor.pk}))


def _names(entry) -> list[str]:
    if isinstance(entry, Agreement | Event):
        return [entry.name_ru, entry.name_en]
    return [entry.name]


def _absorb_names(loser, survivor) -> None:
    """The loser's names become the survivor's other names; its blanks are filled."""
    for attribute in FILLED[type(survivor)]:
        if not getattr(survivor, attribute) and getattr(loser, attribute):
            setattr(survivor, attribute, getattr(loser, attribute))
    if not hasattr(survivor, "aliases"):
        return  # an event keeps no other names: its reports and documents are what move
    own = set(_names(survivor))
    names = [*survivor.aliases, *_names(loser), *loser.aliases]
    survivor.aliases = list(dict.fromkeys(n for n in names if n and n not in own))


def merge(survivor, losers, user) -> MergeReport:
    """Merge every entry of `losers` into `survivor` (same model); returns what moved."""
    model = type(survivor)
    if model not in KIND:
        raise TypeError(f"cannot merge {model.__name__} rows")
    losers = [loser for loser in losers if loser.pk != survivor.pk]
    if not losers or any(type(loser) is not model for loser in losers):
        raise ValueError("merge needs at least one other entry of the same kind")
    report = MergeReport()
    with transaction.atomic():
        survivor = model._default_manager.select_for_update().get(pk=survivor.pk)
        for loser in model._default_manager.select_for_update().filter(
            pk__in=[loser.pk for loser in losers]
        ):
            _move_all(loser, survivor, report)
            _absorb_names(loser, survivor)
            SlugRedirect.objects.record_merge(KIND[model], loser, survivor)
            report.slugs.append(loser.slug)
            LogEntry.objects.log_actions(
                user.pk,
                [loser],
                DELETION,
                change_message=_("Merged into “%(survivor)s”.") % {"survivor": survivor},
                single_object=True,
            )
            loser.delete()
        survivor.save()
        _log(user, survivor, report)
        bump_generation()
    return report


def describe(report: MergeReport) -> str:
    """The history line of a merge, in the editor's language."""
    moved = ", ".join(f"{name}: {count}" for name, count in sorted(report.moved.items()))
    return _(
        "Merged %(slugs)s into this entry; their addresses redirect here. Moved: %(moved)s."
    ) % {
        "slugs": ", ".join(report.slugs),
        "moved": moved or "—",
    }


def _log(user, survivor, report: MergeReport) -> None:
    LogEntry.objects.log_actions(
        user.pk,
        [survivor],
        CHANGE,
        change_message=describe(report),
        single_object=True,
    )
