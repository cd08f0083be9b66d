"""The management commands' progress bar: an honest total, never 100 % before the end, notes on their own line."""

import io

from archive.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_counts_towards_its_total_and_tops_out_at_99_percent_until_closed():
    stream = io.StringIO()
    bar = ProgressBar(200, label="articles", stream=stream, every=0)
    bar.update(64)
    bar.update(200)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("articles [#########") and " 32% 64/200 " in lines[0]
    assert " 99% 200/200 " in lines[1]  # the work is counted, but the command has not finished
    bar.close()
    assert stream.getvalue().splitlines()[-1].startswith("articles 200 done in ")


def test_without_a_total_it_says_how_many_are_done():
    stream = io.StringIO()
    ProgressBar(None, label="articles", stream=stream, every=0).update(5)
    assert stream.getvalue().startswith("articles 5 done, ")


def test_a_note_gets_a_line_of_its_own_on_a_terminal_too():
    stream = Terminal()
    bar = ProgressBar(10, label="articles", stream=stream)
    bar.update(4)
    bar.note("merging…")
    shown = stream.getvalue()
    assert shown.startswith("\rarticles [") and " 4/10 " in shown
    assert shown.endswith("\nmerging…\n")  # the live line is ended first, then the note
    assert shown.count("\n") == 2
