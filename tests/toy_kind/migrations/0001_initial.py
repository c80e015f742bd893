"""The leaflet and its history; PostgreSQL keeps its search document from its declaration."""

import django.contrib.postgres.search
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from cases.browse.stored_search import keep_search_document
from tests.toy_kind.kinds import LEAFLET


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0012_reading_item_links'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalLeaflet',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('published', 'published')], db_index=True, default='published', help_text='Drafts stay in the admin; only published records are shown.', max_length=16, verbose_name='status')),
                ('key', models.SlugField(help_text='Stable identifier, used in URLs and fixtures: lower-case-with-hyphens.', max_length=120, verbose_name='key')),
                ('notes', models.TextField(blank=True, help_text='Private: never shown to the public.', verbose_name="archivist's notes")),
                ('created', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('modified', models.DateTimeField(blank=True, editable=False, verbose_name='modified')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('text', models.TextField(blank=True, verbose_name='text')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical leaflet',
                'verbose_name_plural': 'historical leaflets',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Leaflet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('published', 'published')], db_index=True, default='published', help_text='Drafts stay in the admin; only published records are shown.', max_length=16, verbose_name='status')),
                ('key', models.SlugField(help_text='Stable identifier, used in URLs and fixtures: lower-case-with-hyphens.', max_length=120, unique=True, verbose_name='key')),
                ('notes', models.TextField(blank=True, help_text='Private: never shown to the public.', verbose_name="archivist's notes")),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('modified', models.DateTimeField(auto_now=True, verbose_name='modified')),
                ('search_document', django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search document')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('text', models.TextField(blank=True, verbose_name='text')),
                ('cases', models.ManyToManyField(blank=True, related_name='leaflets', to='cases.casestudy', verbose_name='cases')),
            ],
            options={
                'verbose_name': 'leaflet',
                'verbose_name_plural': 'leaflets',
                'ordering': ['title'],
            },
        ),
        keep_search_document(LEAFLET),
    ]
