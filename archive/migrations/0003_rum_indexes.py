"""RUM indexes for relevance and newest-first order, only where the server has the `rum` extension.

Nothing happens on servers without it (the embedded default, most managed services) or when the role may
not create it: search then runs on the GIN index alone (archive.search.rum explains the difference).
`manage.py search_indexes --rum` does the same later, e.g. after installing postgresql-15-rum.
Building the indexes on a large existing archive takes a while (about 6× the GIN index's size).
"""

import logging

from django.db import DatabaseError, migrations, transaction

from archive.search import rum

log = logging.getLogger(__name__)


def enable_if_available(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if not rum.available(cursor):
            return
        try:
            with transaction.atomic(using=connection.alias):
                rum.enable(cursor)
        except DatabaseError as error:
            log.warning("RUM indexes not created (search uses GIN alone): %s", error)


def disable(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        rum.disable(cursor)


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_initial")]
    operations = [migrations.RunPython(enable_if_available, disable, elidable=False)]
