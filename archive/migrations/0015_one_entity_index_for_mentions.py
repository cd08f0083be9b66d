"""One index of mentions by entity instead of two.

Mentions had two indexes that start with the entity: (entity, article) over every mention, and (entity,
published, article) over the live ones (not marked wrong), read alone by `person:` with dates. Each
imported article writes ≈ 24 mentions, and each of them into both indexes at a random place (by entity):
at 100,000 articles the two are 107 and 109 MB, more than PostgreSQL's buffers hold beside the rest.

Now one index, (entity, published, article) over every mention, carries `rejected` as well, so a count
of live mentions still reads the index alone (checked with EXPLAIN at 100,000 articles: the same plans,
index-only, no heap fetches, same times) and a look-up of all an entity's mentions (deleting an entity)
still has an index. Built before the old ones are dropped, so no moment goes without one.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("archive", "0014_lean_write_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                fields=["entity", "published", "article"],
                include=("rejected",),
                name="mention_entity_published",
            ),
        ),
        migrations.RemoveIndex(model_name="mention", name="mention_entity_article"),
        migrations.RemoveIndex(model_name="mention", name="mention_live_entity_published"),
    ]
