"""The trigger that copies an article's date into its mentions runs only for rows that come without one.

Migration 0006's trigger looked the article up for every mention written: ≈ 24 look-ups per imported
article, each a PL/pgSQL call and an index read. Bulk import writes the date itself (from the article row
it writes in the same transaction), so for those rows the trigger has nothing to add. Rows written
without a date (Django's `published` is not editable, so every other writer) are filled as before, and
a mention moved to another article still follows that article's date. Dates changed on the article are
followed by 0006's `article_published_to_mentions`, unchanged.
"""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS mention_published ON archive_mention;
CREATE TRIGGER mention_published BEFORE INSERT ON archive_mention
    FOR EACH ROW WHEN (NEW.published IS NULL) EXECUTE FUNCTION hawal_mention_published();
CREATE TRIGGER mention_published_moved BEFORE UPDATE OF article_id ON archive_mention
    FOR EACH ROW EXECUTE FUNCTION hawal_mention_published();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS mention_published_moved ON archive_mention;
DROP TRIGGER IF EXISTS mention_published ON archive_mention;
CREATE TRIGGER mention_published BEFORE INSERT OR UPDATE OF article_id ON archive_mention
    FOR EACH ROW EXECUTE FUNCTION hawal_mention_published();
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0015_one_entity_index_for_mentions")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD, elidable=False)]
