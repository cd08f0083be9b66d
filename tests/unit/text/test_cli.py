"""The command line, through its main() with real streams."""

import io

from archive.text.__main__ import main


def run(command: str, data: str) -> str:
    out = io.StringIO()
    main([command], stdin=io.StringIO(data, newline=""), stdout=out)
    return out.getvalue()


def test_analyze_prints_offsets_into_the_whole_input() -> None:
    data = "لەبەغدا\nلە هێرشەکەدا\n"
    lines = run("analyze", data).splitlines()
    assert lines == ["0\t7\tلەبەغدا\tبەغدا", "8\t10\tلە\t", "11\t20\tهێرشەکەدا\tهێرش"]
    for line in lines:
        start, end, surface, _terms = line.split("\t")
        assert data[int(start) : int(end)] == surface


def test_stem_prints_line_and_terms() -> None:
    assert run("stem", "هێرشەکەی\nئاشکرایکرد\n") == "هێرشەکەی\tهێرش\nئاشکرایکرد\tئاشکراکردن ئاشکرا\n"


def test_normalize_keeps_lines() -> None:
    assert run("normalize", "كوردى\n٢٠٢١\n") == "کوردی\n2021\n"
