"""infer_title: a headline line, else the first sentence, trimmed at a word with "…"."""

from __future__ import annotations

from archive.ingest import infer_title


def test_a_short_first_line_is_the_title():
    body = "ئاگرێکی گەورە لە بەندەری بەیرووت کەوتووەتەوە\n\nتیمەکانی ئاگرکوژێنەوە گەیشتنە شوێنەکە."
    assert infer_title(body) == "ئاگرێکی گەورە لە بەندەری بەیرووت کەوتووەتەوە"


def test_the_first_sentence_when_the_first_line_is_a_paragraph():
    body = (
        "کۆبوونەوەی لێژنەی لێکۆڵینەوە بۆ هەفتەی داهاتوو دواخرا. "
        "هۆکاری دواخستنەکە ڕوون نەکرایەوە و لێژنەکە هیچ لێدوانێکی نەدا، بەڵام سەرچاوەیەک گوتی "
        "ئەندامانی لێژنەکە لەسەر ناوەڕۆکی ڕاپۆرتەکە ڕێک نەکەوتوون."
    )
    assert infer_title(body) == "کۆبوونەوەی لێژنەی لێکۆڵینەوە بۆ هەفتەی داهاتوو دواخرا"


def test_a_short_line_of_two_sentences_gives_the_first():
    assert infer_title("ئایا دۆلار دادەبەزێت؟ پسپۆڕان دەڵێن نەخێر") == "ئایا دۆلار دادەبەزێت؟"


def test_a_one_letter_abbreviation_does_not_end_the_sentence():
    body = "د. بەرهەم ساڵح سەردانی هەولێری کرد. کۆبوونەوەکە دوو کاژێری خایاند."
    assert infer_title(body) == "د. بەرهەم ساڵح سەردانی هەولێری کرد"


def test_a_question_keeps_its_sorani_question_mark():
    body = (
        "ئایا درۆنەکان لە دەرەوەی عێراقەوە هاتبوون؟ "
        + "ئەم پرسیارە هێشتا وەڵامی نییە و لێژنەکە لێی دەکۆڵێتەوە. " * 3
    )
    assert infer_title(body) == "ئایا درۆنەکان لە دەرەوەی عێراقەوە هاتبوون؟"


def test_the_seed_article_title_is_cut_at_a_word_with_an_ellipsis(seed_text):
    # Its first sentence is ~300 characters and its first clause (up to «،») is under half a title.
    title = infer_title(seed_text)
    assert title == (
        "بڕیارە کاژێر شەشی ئێوارەی ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١، ئەو لێژنەیەی بۆ لێکۆڵینەوە لە رووداوی هێرشە درۆنییەکەی…"
    )
    assert len(title) <= 120
    assert seed_text.startswith(title.removesuffix("…"))


def test_a_long_sentence_is_cut_at_the_last_comma_that_keeps_half_a_title():
    clause_one = "سەرۆکی حکومەتی هەرێمی کوردستان لە کۆبوونەوەیەکدا لەگەڵ نوێنەری نەتەوە یەکگرتووەکان"
    clause_two = "باسی هەڵبژاردنەکانی داهاتوو و ڕەوشی ئابووری ناوچەکەی کرد و جەختی لە پێویستی هاوکاری کردەوە"
    title = infer_title(f"{clause_one}، {clause_two}.")
    assert title == clause_one


def test_a_number_with_a_decimal_point_does_not_end_the_sentence():
    body = "نرخی دۆلار بە ڕێژەی 2.5 لە سەدا بەرز بووەوە. " + "بازرگانان دەڵێن هۆکارەکەی داواکاری زۆرە. " * 4
    assert infer_title(body) == "نرخی دۆلار بە ڕێژەی 2.5 لە سەدا بەرز بووەوە"


def test_an_ellipsis_after_a_place_name_does_not_end_the_sentence():
    assert infer_title("سلێمانی.. کارکردن لە پڕۆژەی ئۆتۆبانی بابان بەردەوامە") == (
        "سلێمانی.. کارکردن لە پڕۆژەی ئۆتۆبانی بابان بەردەوامە"
    )
    assert (
        infer_title("هەولێر … کۆبوونەوەکە کۆتایی هات. وردەکاری دواتر.") == "هەولێر … کۆبوونەوەکە کۆتایی هات"
    )


def test_a_one_word_dateline_line_is_passed_over():
    assert infer_title("دهۆک\nبارانێکی زۆر لە شارەکە باری") == "بارانێکی زۆر لە شارەکە باری"
    assert infer_title("دهۆک") == "دهۆک"


def test_a_speaker_line_ending_in_a_colon_is_joined_with_the_quote():
    body = "وەزارەتی تەندروستی:\nلە ماوەی ڕابردوودا سێ کەسی دیکە چاکبوونەوە\n\nوردەکاری"
    assert infer_title(body) == "وەزارەتی تەندروستی: لە ماوەی ڕابردوودا سێ کەسی دیکە چاکبوونەوە"


def test_dots_glued_to_a_word_do_not_end_the_sentence():
    line = "ڤیدیۆ..د ریدانەکا هاتوچونێ دا ل زاخۆ ٨ کەس بوینە قوربانی"
    assert infer_title(line + "\n\nوردەکاری") == line


def test_empty_and_blank_bodies_give_an_empty_title():
    assert infer_title("") == ""
    assert infer_title(" \n\t\n") == ""


def test_a_single_very_long_word_is_cut_hard():
    title = infer_title("ئ" * 500)
    assert title == "ئ" * 119 + "…"
