"""GET /api/dates/{yyyy-mm-dd}: what was published that day, and which articles speak of it."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from archive.api.caching import Validators, public_read
from archive.api.rows import article_summary
from archive.api.schemas import DayOut, DayParamsIn, ErrorOut, IsoDate
from archive.models import DateMention, DatePrecision
from archive.queries import articles_mentioning_day, articles_published_on

router = Router(tags=["dates"])

Day = Annotated[IsoDate, Path(description="YYYY-MM-DD (Kurdish digits allowed)", examples=["2021-11-07"])]


@router.get("/{day}", response={200: DayOut, 304: None, 422: ErrorOut}, summary="One day")
@decorate_view(public_read)
def get_day(request: HttpRequest, response: HttpResponse, day: Day, params: Query[DayParamsIn]):
    """Articles published on the day, and articles whose text names the day («٧ی ئەم مانگە», «٠٧ - ١١ - ٢٠٢١»),
    whenever they were published, each with the offsets of the words that name it."""
    value = day
    validators = Validators.for_archive(request)
    if (cached := validators.not_modified(request)) is not None:
        return cached
    published = articles_published_on(value)
    mentioning = articles_mentioning_day(value).prefetch_related(
        Prefetch(
            "date_mentions",
            queryset=DateMention.objects.filter(value=value, precision=DatePrecision.DAY).order_by("start"),
            to_attr="day_mentions",
        )
    )
    validators.apply(response)
    return {
        "day": value,
        "published_total": published.count(),
        "published": [article_summary(a) for a in published[: params.limit]],
        "mentioned_total": mentioning.count(),
        "mentioned": [
            {
                **article_summary(a),
                "mentions": [{"start": m.start, "end": m.end, "surface": m.surface} for m in a.day_mentions],
            }
            for a in mentioning[: params.limit]
        ],
    }
