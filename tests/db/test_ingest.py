import datetime

import pytest
from django.core.management import call_command

import archive.extract as extract
from archive.ingest.service import IngestError, content_hash, ingest_article
from archive.models import Article, DatePrecision, Entity, Mention, ProcessingStatus
from archive.search.document import INDEX_VERSION

pytestmark = pytest.mark.django_db


def test_sample_article_is_stored_analysed_and_extracted(seed_article, seed_text):
    article = Article.objects.get(pk=seed_article.pk)
    assert article.body == seed_text.strip()
    assert article.title.startswith("بڕیارە کاژێر شەشی ئێوارەی ئەمڕۆ")
    assert article.source.name == "Rudaw"
    assert article.published == datetime.date(2021, 11, 29)
    assert article.published_precision == DatePrecision.DAY
    assert article.published_inferred is True
    assert article.analyzer_version == INDEX_VERSION
    assert article.phrase_pairs  # the neighbouring word pairs, for phrase search
    assert article.extractor_version == extract.VERSION
    assert article.extraction_status == ProcessingStatus.DONE
    assert article.search_vector is not None
    kazmi = (
        Entity.objects.filter(kind="person", mentions__article=article, name="مستەفا کازمی").distinct().get()
    )
    surfaces = set(Mention.objects.filter(entity=kazmi).values_list("surface", flat=True))
    assert {"مستەفا کازمی", "کازمی"} <= surfaces
    for mention in Mention.objects.filter(article=article):
        assert article.body[mention.start : mention.end] == mention.surface


def test_same_text_twice_is_one_article(seed_text):
    first = ingest_article(body=seed_text)
    # The same text typed with Arabic letters and extra spaces is still the same article.
    second = ingest_article(body="  " + seed_text.replace("ک", "ك").replace("ی", "ي") + "\n")
    assert first.outcome == "imported"
    assert second.outcome == "duplicate"
    assert second.duplicate_of == first.article
    assert Article.objects.count() == 1


def test_given_date_is_kept_and_not_marked_inferred(seed_text):
    article = ingest_article(body=seed_text, published=datetime.date(2021, 11, 30)).article
    assert (article.published, article.published_inferred) == (datetime.date(2021, 11, 30), False)


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_empty_text_is_refused_with_a_reason(body):
    with pytest.raises(IngestError) as refused:
        ingest_article(body=body)
    assert refused.value.code == "empty"
    assert refused.value.message_ckb
    assert Article.objects.count() == 0


def test_content_hash_ignores_spelling_variants_and_spacing():
    assert content_hash("كوردستان  و  عێراق") == content_hash("کوردستان و عێراق")
    assert content_hash("کوردستان") != content_hash("عێراق")


def test_demo_loader_is_idempotent():
    call_command("load_demo")
    call_command("load_demo")
    assert Article.objects.count() == 1
