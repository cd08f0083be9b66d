"""Curated Sorani function words (normalised spelling) that carry no search meaning on their own.

Only prepositions, conjunctions, pronouns, demonstratives, particles and the commonest auxiliaries;
no content words, so ``"بەغدا" not in STOPWORDS`` and ``"لە" in STOPWORDS``.
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    و وە یان یا بەڵام هەروەها هەروەک بەڵکو ئەگەر گەر چونکە چوونکە تا هەتا تاکو کە کو ئینجا ئیتر جا
    لە بە بۆ بەر لەگەڵ لەگەل لەسەر لەناو لەژێر لەبەر لەلایەن لەلای لەنێو لەپێش لەپاش لەدوای بەبێ بێ بەپێی بەرەو
    دا ڕا ەوە پێ لێ تێ پێی لێی تێی پێیان لێیان پێم لێم
    لەو لەم بەو بەم بۆو بۆم لەوانە لەوانەیە لەوێ لێرە ئێرە ئەوێ ئەوێش لەوەی بەوەی بۆئەوەی بۆیە
    ئەو ئەم ئەوە ئەمە ئەوان ئەمان ئەوانە ئەمانە ئەوەی ئەمەی ئەوەش ئەمەش ئەویش ئەمیش
    من تۆ ئێمە ئێوە خۆ خۆی خۆیان خۆم خۆت خۆمان خۆتان
    دیکە دی تر هەر هەم هەموو هەمووی هەمان هیچ هەندێک هەندێ چەند
    چی کێ چۆن بۆچی کوا کام کەی چ
    نە نا وەک وەکو وەکوو تەنها تەنیا
    ی ش یش
    یە بوو بوون بێت هەیە هەن هەبوو هەبێت نییە نیە نین نەبوو
    """.split()
)
