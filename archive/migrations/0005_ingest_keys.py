"""Ingest at scale: source URLs kept as given and found again by a normalised key; where each
date came from and why it needs review; outlet aliases; declaration and plan as kinds.

Existing articles get their URL key here, before the constraints that rely on it.
"""

import django.contrib.postgres.fields
from django.conf import settings
from django.db import migrations, models


def fill_url_keys(apps, schema_editor):
    from archive.ingest.urls import url_key

    connection = schema_editor.connection
    with connection.cursor() as read:
        read.execute("SELECT id, source_url FROM archive_article WHERE source_url IS NOT NULL")
        while rows := read.fetchmany(5000):
            keys = []
            for article_id, source_url in rows:
                try:
                    keys.append((article_id, url_key(source_url)))
                except ValueError:
                    continue
            with connection.cursor() as write:
                write.execute(
                    "UPDATE archive_article a SET url_key = k.key "
                    "FROM unnest(%s::bigint[], %s::text[]) AS k(id, key) WHERE a.id = k.id",
                    [[k[0] for k in keys], [k[1] for k in keys]],
                )


# Other names the texts give the outlets migration 0002 added; editors add more in the admin.
OUTLET_ALIASES = {
    "BelTA": ["БЕЛТА", "БелТА", "Белта", "Belarusian Telegraph Agency",
              "Белорусское телеграфное агентство"],
    "Xinhua": ["Синьхуа", "Xinhua News Agency", "Агентство Синьхуа", "新华社"],
    "TASS": ["ТАСС", "ИТАР-ТАСС", "ITAR-TASS"],
    "RIA Novosti": ["РИА Новости", "РИА «Новости»"],
    "Sputnik Беларусь": ["Sputnik Belarus", "Спутник Беларусь"],
    "news.by": ["Новости Беларуси", "News.by"],
    "Министерство связи и информатизации Республики Беларусь": [
        "Минсвязи", "Министерство связи и информатизации",
        "Ministry of Communications and Informatization of the Republic of Belarus",
    ],
}  # fmt: skip


def add_outlet_aliases(apps, schema_editor):
    Outlet = apps.get_model("archive", "Outlet")
    for name, aliases in OUTLET_ALIASES.items():
        for outlet in Outlet.objects.filter(name=name):
            outlet.aliases = list(dict.fromkeys([*outlet.aliases, *aliases]))
            outlet.save(update_fields=["aliases"])


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0004_search_title_trigrams'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='date_origin',
            field=models.CharField(choices=[('given', 'given with the article'), ('page', "read from the web page's metadata"), ('url', 'read from the source URL'), ('dateline', 'read from the dateline'), ('text', 'read from the text'), ('editor', 'set by an editor')], default='given', max_length=10, verbose_name='date from'),
        ),
        migrations.AddField(
            model_name='article',
            name='review_note',
            field=models.TextField(blank=True, verbose_name='review note'),
        ),
        migrations.AddField(
            model_name='article',
            name='url_key',
            field=models.CharField(blank=True, editable=False, help_text='The source URL without scheme, www., tracking parameters or AMP paths.', max_length=1000, null=True, unique=True, verbose_name='normalised URL'),
        ),
        migrations.AddField(
            model_name='outlet',
            name='aliases',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=200), blank=True, default=list, size=None, verbose_name='other names'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='kind',
            field=models.CharField(choices=[('memorandum', 'memorandum'), ('agreement', 'agreement'), ('treaty', 'treaty'), ('joint_communique', 'joint communiqué'), ('joint_statement', 'joint statement'), ('declaration', 'declaration'), ('roadmap', 'roadmap'), ('programme', 'programme'), ('plan', 'plan'), ('initiative', 'initiative'), ('protocol', 'protocol'), ('contract', 'contract'), ('other', 'other')], default='other', max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='article',
            name='date_needs_review',
            field=models.BooleanField(default=False, help_text='Set when the importer read or guessed the date rather than being given it, or when the text contradicts it; the review note says why.', verbose_name='date needs review'),
        ),
        migrations.AlterField(
            model_name='article',
            name='source_url',
            field=models.URLField(blank=True, max_length=1000, null=True, verbose_name='source URL'),
        ),
        migrations.RunPython(fill_url_keys, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_outlet_aliases, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(condition=models.Q(('url_key__isnull', True)), fields=('content_hash',), name='article_text_unique_without_url'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('published_on', 'slug'), name='article_day_slug'),
        ),
    ]
