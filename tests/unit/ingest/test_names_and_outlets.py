"""Display names for uploads, and outlets from URLs."""

from __future__ import annotations

import pytest

from archive.ingest.names import clean_name, extension
from archive.ingest.outlets import outlet_from_url


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("هەواڵ.txt", "هەواڵ.txt"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\editor\\ڕاپۆرت.docx", "ڕاپۆرت.docx"),
        ("evil\u202etxt.exe", "eviltxt.exe"),  # a right-to-left override would show it as "exe.txt"
        ("مه\u200cسرور.txt", "مه\u200cسرور.txt"),  # ZWNJ is part of Sorani spelling and stays
        ("a\x00b\r\n.txt", "ab.txt"),
        ("", "unnamed"),
        ("/", "unnamed"),
    ],
)
def test_clean_name(raw, shown):
    assert clean_name(raw) == shown


def test_extension_is_lower_case_and_ignores_leading_dots():
    assert (extension("Hawal.TXT"), extension("notes"), extension(".bashrc"), extension("a/b.tar.gz")) == (
        ".txt",
        "",
        "",
        ".gz",
    )


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://facebook.com/kurdistan24.official/posts/2970682069861907", "Kurdistan24"),
        ("https://www.facebook.com/naliatv/videos/1198493963855700", "NRT"),
        ("https://m.facebook.com/KNN.KRD/posts/1", "KNN"),
        ("https://facebook.com/Rudaw.net/videos/2", "Rudaw"),
        ("https://www.rudaw.net/sorani/kurdistan/250220211", "Rudaw"),
        ("https://nrttv.com/News.aspx?id=12345", "NRT"),
        ("https://www.knnc.net/Details.aspx?id=1", "KNN"),
        ("https://www.kurdistan24.net/ckb/story/1", "Kurdistan24"),
        ("https://facebook.com/story.php?story_fbid=2919495684837047&id=375736502546324", None),
        ("https://facebook.com/someone.else/posts/1", None),
        ("https://notrudaw.net/x", None),
        ("", None),
        (None, None),
    ],
)
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet
