"""Server-side charts as data for inline SVG: no chart library, works without JavaScript."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from archive.display import KURDISH_MONTHS, eastern_digits

CHART_HEIGHT = 80


@dataclass(frozen=True)
class Bar:
    x: int
    width: int
    height: int
    y: int
    count: int
    label: str
    href: str


def histogram_bars(histogram: list[tuple[datetime.date, int]], query_text: str, width: int = 600) -> list[Bar]:
    """One bar per month between the first and last month with matches; each links to the query narrowed to it."""
    if not histogram:
        return []
    counts = {month: n for month, n in histogram}
    first, last = histogram[0][0], histogram[-1][0]
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and len(months) < 600:
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    peak = max(counts.values())
    step = max(1, width // len(months))
    bars = []
    for index, month in enumerate(months):
        count = counts.get(month, 0)
        height = round(CHART_HEIGHT * count / peak) if count else 0
        last_day = calendar.monthrange(month.year, month.month)[1]
        narrowed = f"{query_text} from:{month.isoformat()} to:{month.replace(day=last_day).isoformat()}".strip()
        bars.append(
            Bar(
                x=index * step,
                width=max(1, step - 1),
                height=height,
                y=CHART_HEIGHT - height,
                count=count,
                label=f"{KURDISH_MONTHS[month.month - 1]}ی {eastern_digits(month.year)}: {eastern_digits(count)}",
                href="?" + urlencode({"q": narrowed, "sort": "date"}),
            )
        )
    return bars
