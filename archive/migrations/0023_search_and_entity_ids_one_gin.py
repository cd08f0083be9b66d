"""The search vector and the articles' entity ids in ONE GIN index (it replaces `article_search_gin` on the
search vector alone and `article_entity_ids`, and takes the first one's name).

A word with a `person:`/`place:`/`org:` filter is read as `search_vector @@@ q AND entity_ids && ids`.
With two indexes PostgreSQL built a bitmap of every article holding the word and ANDed it with the
entity's: «دەستگیر person:"گۆران مستەفا"» at 1,000,000 articles read the word's 194,230 entries (21.8 ms)
for 6,540 matches. In one GIN index both conditions are keys of one scan, which skips through the
word's posting tree to the entity's articles (GIN's AND of keys): the bench's words with a person at
1M, p50 47 → 23–27 ms (BENCHMARKS.md, search, stop 32). A condition on either column alone reads the
same entries from it as from its own index before; an insert writes the same entries into one index
instead of two.

Built concurrently under a temporary name, then the old ones are dropped and it is renamed, so searches
always have an index and imports are never blocked; at 1,000,000 articles the build takes minutes.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False  # CREATE / DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("archive", "0022_lz4_text_compression")]

    operations = [
        AddIndexConcurrently(
            model_name="article",
            index=GinIndex(fields=["search_vector", "entity_ids"], name="article_search_gin_next"),
        ),
        RemoveIndexConcurrently(model_name="article", name="article_search_gin"),
        RemoveIndexConcurrently(model_name="article", name="article_entity_ids"),
        migrations.RenameIndex(
            model_name="article", new_name="article_search_gin", old_name="article_search_gin_next"
        ),
    ]
