"""Words for dates in Sorani news: month names (three calendars), weekdays, relative words, day numbers.

Spellings are written in standard Sorani; `archive.extract.dates` folds letter variants (ي/ی, ك/ک,
ه/ە, ر/ڕ, ل/ڵ, ۆ/و, ڤ/ف, doubled letters, ێ/ی unless marked strict) on both sides before matching,
so one spelling per real variant is enough here.
"""

from __future__ import annotations

# Syriac-Iraqi months, used by most Sorani outlets in Iraq: «١٥ی ئازاری ٢٠٢٤».
SYRIAC_MONTHS: dict[str, int] = {
    "کانوونی دووەم": 1,
    "کانوونی دووهەم": 1,
    "شوبات": 2,
    "ئازار": 3,
    "ئادار": 3,
    "نیسان": 4,
    "ئایار": 5,
    "حوزەیران": 6,
    "حزیران": 6,
    "تەممووز": 7,
    "ئاب": 8,
    "ئەیلوول": 9,
    "تشرینی یەکەم": 10,
    "تشیرینی یەکەم": 10,
    "تەشرینی یەکەم": 10,
    "تشرینی دووەم": 11,
    "تشیرینی دووەم": 11,
    "تەشرینی دووەم": 11,
    "تشرینی دووهەم": 11,
    "کانوونی یەکەم": 12,
}

# Western month names, as Kurdish outlets transliterate them: «٧ی ئۆکتۆبەر».
WESTERN_MONTHS: dict[str, int] = {
    "جانیوەری": 1,
    "جەنیوەری": 1,
    "یانایر": 1,
    "ژانویە": 1,
    "فێبریوەری": 2,
    "فێبروەری": 2,
    "فەبرایەر": 2,
    "فێوریە": 2,
    "مارس": 3,
    "مارچ": 3,
    "ئەپریل": 4,
    "ئاپریل": 4,
    "ئەبریل": 4,
    "ئاوریل": 4,
    "مەی": 5,
    "مای": 5,
    "جوون": 6,
    "یونیو": 6,
    "ژوئەن": 6,
    "جولای": 7,
    "یولیو": 7,
    "ژوئیە": 7,
    "ئۆگەست": 8,
    "ئۆگست": 8,
    "ئاگۆست": 8,
    "ئاگەست": 8,
    "سێپتەمبەر": 9,
    "سپتەمبەر": 9,
    "سێپتەمبر": 9,
    "ئۆکتۆبەر": 10,
    "ئۆکتۆبر": 10,
    "نۆڤەمبەر": 11,
    "نۆڤەمبر": 11,
    "دیسەمبەر": 12,
    "دیسەمبر": 12,
}

# Kurdish solar months (Persian calendar boundaries), with the Mukriyani alternatives بانەمەڕ, خەزەڵوەر.
KURDISH_MONTHS: dict[str, int] = {
    "خاکەلێوە": 1,
    "گوڵان": 2,
    "بانەمەڕ": 2,
    "جۆزەردان": 3,
    "پووشپەڕ": 4,
    "گەلاوێژ": 5,
    "خەرمانان": 6,
    "ڕەزبەر": 7,
    "گەڵاڕێزان": 8,
    "خەزەڵوەر": 8,
    "سەرماوەز": 9,
    "بەفرانبار": 10,
    "ڕێبەندان": 11,
    "ڕەشەمێ": 12,
    "ڕەشەمە": 12,
}

# Month words that are also ordinary words or names (ئازار "pain", مەی "wine", گەلاوێژ a name):
# a date only next to a day number, a year, or the cue مانگی.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset(
    {"ئازار", "مەی", "مای", "جوون", "گوڵان", "گەلاوێژ", "ڕێبەندان", "بانەمەڕ", "خەرمانان"}
)

# Python weekday numbers (Monday = 0); the Sorani week starts on Saturday.
WEEKDAYS: dict[str, int] = {
    "شەممە": 5,
    "یەک شەممە": 6,
    "دوو شەممە": 0,
    "سێ شەممە": 1,
    "چوار شەممە": 2,
    "چورا شەممە": 2,
    "پێنج شەممە": 3,
    "هەینی": 4,
    "هەیینی": 4,
    "جومعە": 4,
}

# Relative words: (unit, offset). Unit "day", "week", "month" or "year"; resolved against publication.
RELATIVE_WORDS: dict[str, tuple[str, int]] = {
    "ئەمڕۆ": ("day", 0),
    "ئەمشەو": ("day", 0),
    "دوێنێ": ("day", -1),
    "دوێنێ شەو": ("day", -1),
    "شەوی ڕابردوو": ("day", -1),
    "پێرێ": ("day", -2),
    "سبەی": ("day", 1),
    "سبەینێ": ("day", 1),
    "دووسبەی": ("day", 2),
    "ئەم هەفتەیە": ("week", 0),
    "هەفتەی ڕابردوو": ("week", -1),
    "هەفتەی پێشوو": ("week", -1),
    "هەفتەی داهاتوو": ("week", 1),
    "هەفتەی ئایندە": ("week", 1),
    "ئەم مانگە": ("month", 0),
    "مانگی ڕابردوو": ("month", -1),
    "مانگی پێشوو": ("month", -1),
    "مانگی داهاتوو": ("month", 1),
    "مانگی ئایندە": ("month", 1),
    "ئەمساڵ": ("year", 0),
    "ئەم ساڵ": ("year", 0),
    "پار": ("year", -1),
    "پارساڵ": ("year", -1),
    "پێرار": ("year", -2),
    "ساڵی ڕابردوو": ("year", -1),
    "ساڵی پێشوو": ("year", -1),
    "ساڵی داهاتوو": ("year", 1),
    "ساڵی ئایندە": ("year", 1),
}

# Era words after a year: «ساڵی ٢٧٢٤ی کوردی», «١٤٠٣ی هەتاوی», «١٤٤٥ی کۆچی», «٢٠٢٤ی زایینی».
ERAS: dict[str, str] = {
    "کوردی": "kurdish",
    "زایینی": "gregorian",
    "زاینی": "gregorian",
    "کۆچی هەتاوی": "solar",
    "کۆچیی هەتاوی": "solar",
    "هەتاوی": "solar",
    "کۆچی مانگی": "lunar",
    "کۆچیی مانگی": "lunar",
    "کۆچی": "lunar",
}

# Words whose ێ must stay ێ (پێرێ "the day before yesterday" would otherwise match پیری "old age").
STRICT_WORDS: frozenset[str] = frozenset({"پێرێ", "پێرار"})

# Qualifiers after a weekday or month name: «هەینی ڕابردوو», «یەکشەممەی داهاتوو», «ئەیلوولی ئەمساڵ».
PAST_QUALIFIERS: tuple[str, ...] = ("ڕابردوو", "پێشوو")
NEXT_QUALIFIERS: tuple[str, ...] = ("داهاتوو", "ئایندە")

# Day numbers written as words, for «رۆژی نۆی ئەم مانگە», «شەوی یەکی ئاب».
_UNITS = {"یەک": 1, "دوو": 2, "سێ": 3, "چوار": 4, "پێنج": 5, "شەش": 6, "حەوت": 7, "هەشت": 8, "نۆ": 9}
DAY_WORDS: dict[str, int] = {
    **_UNITS,
    "دە": 10,
    "یازدە": 11,
    "دوازدە": 12,
    "سێزدە": 13,
    "چواردە": 14,
    "پازدە": 15,
    "شازدە": 16,
    "حەڤدە": 17,
    "هەژدە": 18,
    "نۆزدە": 19,
    "بیست": 20,
    **{f"بیست و {word}": 20 + value for word, value in _UNITS.items()},
    "سی": 30,
    "سی و یەک": 31,
}

# Months written as numbers after مانگی: «مانگی سێ» (March), «١٥ی مانگی شەشی».
MONTH_NUMBER_WORDS: dict[str, int] = {
    **_UNITS,
    "دە": 10,
    "یازدە": 11,
    "دوازدە": 12,
}

# Words before a date that AgaCKNER-style entity spans include: «رۆژی هەینی», «بەرەبەیانی ئەمڕۆ».
# (AgaCKNER leaves ئێوارەی / نیوەڕۆی outside the span, so they are not listed.)
SPAN_CUE_WORDS: tuple[str, ...] = ("رۆژی", "شەوی", "بەرەبەیانی")

# Counts before «ساڵی ڕابردوو» etc. that make it a duration («١٢ ساڵی ڕابردوو» = the past twelve years).
DURATION_COUNT_WORDS: tuple[str, ...] = ("چەند", *_UNITS, "دە", "بیست", "سی")
