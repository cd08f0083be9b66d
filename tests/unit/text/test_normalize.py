"""Character normalisation: one test per rule, with the Sorani words it exists for."""

from pathlib import Path

import pytest

from archive.text import normalize
from archive.text.normalize import fold_term

SHARED_EVAL = Path(__file__).resolve().parents[3].parent / "shared" / "eval"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("كوردي", "کوردی"),  # Arabic yeh and kaf
        ("كوردى", "کوردی"),  # alef maksura
        ("ڪتێب", "کتێب"),  # swash kaf
        ("کوردے", "کوردی"),  # yeh barree
        ("ره\u200cزبه\u200cر", "ڕەزبەر"),  # legacy heh + ZWNJ for ە, initial ر
        ("کورده له", "کوردە لە"),  # word-final heh is ە
        ("دەوڵةت", "دەوڵەت"),  # teh marbuta
        ("خانۀ", "خانە"),
        ("شەڒ", "شەڕ"),
        ("ماڶ", "ماڵ"),
        ("رۅژ", "ڕۆژ"),
        ("لؤری", "لۆری"),
        ("آزاد", "ئازاد"),
        ("أحمد", "ئحمد"),
        ("ســـاڵ", "ساڵ"),  # tatweel
        ("مُحَمَّد", "محمد"),  # harakat
        ("هٰذا", "هذا"),  # superscript alef
        ("٢٠٢١ ۲۰۲۱", "2021 2021"),
        ("ووڵات", "وڵات"),
        ("رووداو", "ڕووداو"),
        ("مال\u065a", "ماڵ"),  # v-accent written as a mark
        ("ی\u0654ێمە", "ئێمە"),  # hamza written as a mark
        ("لە\u2028بەغدا", "لە بەغدا"),  # other white space is a plain space …
        ("لە\x0bبەغدا", "لە بەغدا"),
        ("لە  بەغدا", "لە  بەغدا"),  # … and plain spaces stay as they are
    ],
)
def test_letter_rules(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_true_h_survives() -> None:
    assert normalize("گوناهـ") == "گوناه"  # heh + tatweel marks a real /h/
    assert normalize("شاھی") == "شاهی"  # ھ inside a word is plain ه
    assert normalize("شاه") == "شاه"  # after ا a final ه is /h/


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u00ad", "\u200d", "\u2067", "\ufeff", "\u200c"])
def test_invisible_marks_removed_without_splitting(mark: str) -> None:
    assert normalize(f"کورد{mark}ستان") == "کوردستان"


def test_nbsp_is_a_space() -> None:
    assert normalize("لە\u00a0بەغدا") == "لە بەغدا"


def test_presentation_forms() -> None:
    assert normalize("\ufedb\ufeee\ufead\ufea9") == "کورد"


def test_r_after_attached_preposition_only_when_rest_is_a_word() -> None:
    assert normalize("لەرێگە") == "لەڕێگە"
    assert normalize("بەرد") == "بەرد"  # not بە + ڕد


def test_newlines_kept() -> None:
    assert normalize("یەک\nدوو") == "یەک\nدوو"


def test_fold_term_meets_arabic_spellings() -> None:
    assert fold_term(normalize("كاظمي")) == "کازمی"
    assert fold_term("ضبط") == "زبت"
    assert fold_term("صدام") == "سدام"


def test_all_shared_probes_pass() -> None:
    path = SHARED_EVAL / "norm_probes.tsv"
    if not path.exists():
        pytest.skip("../shared/eval/norm_probes.tsv is not available")
    rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if len(r) == 4 and r[0] != "id" and not r[0].startswith("#")]
    assert len(rows) == 32
    for probe_id, _desc, escaped, ideal in rows:
        raw = escaped.encode("latin-1", "backslashreplace").decode("unicode_escape")
        assert normalize(raw) in ideal.split("|"), probe_id


def test_words_normalised_together_as_each_alone() -> None:
    from archive.text.normalize import normalize_tokens

    # "5لەرێگە" is standard as it stands (normalize leaves it), while the same letters after a
    # non-standard word would meet the ر rule in a longer text: each word must get its own result
    words = [
        "5لەرێگە",
        "هه\u200cرێمی",
        "كوردى",
        "بەغدا",
        "ره\u200cزبه\u200cر",
        "٢٠٢١ی",
        "لەرێگەی",
        "شاه",
        "5لەرێگە",
    ]
    assert normalize_tokens(words) == [normalize(word) for word in words]
    assert normalize_tokens(["بەغدا"]) == ["بەغدا"]
    assert normalize_tokens([]) == []


def test_folding_many_words_as_one_by_one() -> None:
    from archive.text.normalize import fold_words

    words = ["کاظمی", "بەغدا", "مصطفا", "طالەبانی", "هەولێر", "ضیا", ""]
    assert fold_words(words) == [fold_term(word) for word in words]
    assert fold_words(["بەغدا", "هەولێر"]) == ["بەغدا", "هەولێر"]


def test_ascii_digits_changes_only_the_digits_and_agrees_with_normalize():
    from archive.text.normalize import ascii_digits

    assert ascii_digits("٢٩ - ١١ - ٢٠٢١ / ۲۹ - ۱۱ - ۲۰۲۱ كاظمي") == "29 - 11 - 2021 / 29 - 11 - 2021 كاظمي"
    eastern = "".join(chr(0x0660 + i) + chr(0x06F0 + i) for i in range(10))
    assert ascii_digits(eastern) == normalize(eastern) == "".join(str(i) * 2 for i in range(10))
