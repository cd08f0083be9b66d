"""Standard contrib extensions only (trusted since PostgreSQL 13, so managed servers allow them)."""

from django.contrib.postgres.operations import BtreeGinExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [TrigramExtension(), BtreeGinExtension()]
