"""Fewer index writes per imported article.

- Entities' mention counts change on every import batch (about ten entities per article). The index on
  (kind, mention_count) made each of those changes a new row version written into all four of the
  entity table's indexes, with the old one left as dead bloat (at 100,000 imported articles: 1.1 million
  dead versions for 16,000 entities, a 48 MB table on a server with autovacuum off). Without it, and with
  30 % of each page kept free, PostgreSQL updates the count in place (a HOT update: no index is touched,
  and the old version is pruned from the page). Lists of entities by count sort instead.
- Indexes that served no query, each written by every import: the pattern-ops (LIKE) copies that
  `unique=True` and `db_index=True` add to the content hash and the upload item's byte hash (both at a
  random place per article), the plain index on that byte hash (never looked up), and the indexes on
  the article's outlet and the item's upload, which the (source, published) index and the (upload,
  member) constraint already start with.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0013_article_deletions"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="entity",
            name="entity_kind_count",
        ),
        migrations.AlterField(
            model_name="article",
            name="content_hash",
            field=models.CharField(
                help_text="SHA-256 of the normalised text: exact duplicates.",
                max_length=64,
                verbose_name="content hash",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="archive.source",
                verbose_name="outlet",
            ),
        ),
        migrations.AlterField(
            model_name="uploaditem",
            name="original_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name="uploaditem",
            name="upload",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="archive.upload",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(fields=("content_hash",), name="article_unique_content_hash"),
        ),
        # Room on each page for the new version of a row whose count changed (existing full pages gain it
        # as they are pruned; `VACUUM FULL archive_entity` compacts an already bloated table at once).
        migrations.RunSQL(
            "ALTER TABLE archive_entity SET (fillfactor = 70)",
            "ALTER TABLE archive_entity RESET (fillfactor)",
        ),
    ]
