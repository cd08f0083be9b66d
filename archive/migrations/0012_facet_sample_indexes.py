"""Indexes for the facets of common words (archive.search.postgres, `facet_sample` and `facet_counts`).

- `article_sample_search`: the search vectors of the first 4 of the 64 sample buckets, as an expression
  (`archive.models.sample_vector`) that is NULL for the other articles, so a common word's sampled matches
  come from an index of 1/16 of the vectors instead of its whole posting list or every bucket article's
  stored vector.
- `mention_live_article`: each sampled article's live mentions (entity ids) read from the index alone.
- The mention's own foreign-key indexes go: `mention_unique_span` starts with the article and
  `mention_entity_article` with the entity, so they served nothing the others do not, and every mention
  written paid for them. Only the indexes are dropped; the foreign keys stay as they are.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.math
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_match_count_trust_above"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Case(
                    models.When(
                        django.db.models.lookups.LessThan(
                            django.db.models.functions.math.Mod("id", 64, output_field=models.IntegerField()),
                            4,
                        ),
                        then=models.F("search_vector"),
                    ),
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
                name="article_sample_search",
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                condition=models.Q(("rejected", False)),
                fields=["article"],
                include=("entity",),
                name="mention_live_article",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="mention",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="archive.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="mention",
                    name="entity",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mentions",
                        to="archive.entity",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS archive_mention_article_id_72d2473f;"
                    " DROP INDEX IF EXISTS archive_mention_entity_id_abd42876",
                    "CREATE INDEX IF NOT EXISTS archive_mention_article_id_72d2473f"
                    " ON archive_mention (article_id);"
                    " CREATE INDEX IF NOT EXISTS archive_mention_entity_id_abd42876 ON archive_mention (entity_id)",
                ),
            ],
        ),
    ]
