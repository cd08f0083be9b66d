"""The (entity, date, article) index of mentions leaves out rejected mentions, which no page or search
counts: `person:` with `from:`/`to:` then reads a person's articles in a range from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_match_count_estimate"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="mention",
            name="mention_entity_published",
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                condition=models.Q(("rejected", False)),
                fields=["entity", "published", "article"],
                name="mention_live_entity_published",
            ),
        ),
    ]
