"""Read-side queries shared by the pages, feeds, exports and the JSON API.

Plain functions returning frozen dataclasses or querysets; each issues a fixed number of SQL queries
(noted in its docstring) whatever the size of the archive, so pages can pin their query counts.

    >>> entity_timeline(kazmi)               # doctest: +SKIP
    [MonthCount(month=date(2021, 11, 1), count=3), ...]
    >>> find_entities("كاظمي", kind="person")  # Arabic spelling finds «مستەفا کازمی»   # doctest: +SKIP
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractDay, ExtractMonth, TruncMonth, TruncYear

import archive.extract as extract
from archive.models import (
    Article,
    DateMention,
    DatePrecision,
    Entity,
    EntityAlias,
    EntityKind,
    Mention,
    Source,
)

# Article columns a list page needs: never the body or the search vector.
LIST_DEFER = ("body", "search_vector", "phrase_pairs", "extraction_error")
MAX_YEAR = 9999


@dataclass(frozen=True)
class MonthCount:
    """Articles in one month (`month` is the first day of the month)."""

    month: datetime.date
    count: int


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int


@dataclass(frozen=True)
class DayCount:
    day: datetime.date
    count: int


@dataclass(frozen=True)
class EntityCount:
    """An entity and how many articles it shares with another (co-occurrence) or mentions it (index)."""

    id: int
    name: str
    kind: str
    count: int


@dataclass(frozen=True)
class CalendarDay:
    """One cell of a month calendar: `day` is None for the padding before the 1st and after the last day."""

    day: datetime.date | None
    count: int = 0


def article_list(queryset: QuerySet | None = None) -> QuerySet:
    """Articles ready for a list: outlet joined, heavy columns deferred, newest first (undated last)."""
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.select_related("source").defer(*LIST_DEFER).published_order()


# ---------------------------------------------------------------------------------------------------
# Entities


def canonical_entity(entity: Entity) -> Entity:
    """Follow `merged_into` to the surviving entity (stops on a loop). One query per hop, usually none."""
    seen = {entity.pk}
    while entity.merged_into_id and entity.merged_into_id not in seen:
        entity = entity.merged_into
        seen.add(entity.pk)
    return entity


def _entity_mentions(entity: Entity) -> QuerySet:
    return Mention.objects.filter(entity=entity, rejected=False)


def entity_articles(entity: Entity, *, year: int | None = None, undated: bool = False) -> QuerySet:
    """Dated articles that mention `entity`, newest first (only `year`'s when given); lazy.

    `undated=True` gives the articles without a date instead. Keeping the two apart lets PostgreSQL
    walk the date index backwards and stop after one page (3 ms for a name in 40,000 articles) instead of
    sorting every match to put undated ones last.
    """
    mentioned = Exists(_entity_mentions(entity).filter(article=OuterRef("pk")))
    articles = Article.objects.filter(mentioned).select_related("source").defer(*LIST_DEFER)
    if undated:
        return articles.filter(published__isnull=True).order_by("-id")
    articles = articles.filter(published__isnull=False)
    if year is not None:
        articles = articles.filter(published__gte=datetime.date(year, 1, 1), published__lt=_next_year(year))
    return articles.order_by("-published", "-id")


def entity_timeline(entity: Entity) -> list[MonthCount]:
    """Articles mentioning `entity` per month, oldest first; months without any are left out. One query."""
    rows = (
        Article.objects.filter(pk__in=_entity_mentions(entity).values("article_id"), published__isnull=False)
        .annotate(month=TruncMonth("published"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return [MonthCount(r["month"], r["n"]) for r in rows]


def entity_years(entity: Entity) -> list[YearCount]:
    """Articles mentioning `entity` per year, newest first (the year filter of a person page). One query."""
    rows = (
        Article.objects.filter(pk__in=_entity_mentions(entity).values("article_id"), published__isnull=False)
        .annotate(year=TruncYear("published"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-year")
    )
    return [YearCount(r["year"].year, r["n"]) for r in rows]


CO_OCCURRENCE_SAMPLE = 2000  # co-occurrence over the entity's newest articles: bounded time for famous names


def co_occurring_entities(
    entity: Entity, *, kind: str | None = None, limit: int = 12, sample: int = CO_OCCURRENCE_SAMPLE
) -> list[EntityCount]:
    """Entities most often mentioned in the same articles as `entity` (by shared articles). One query.

    Counted over the entity's newest `sample` articles, so a name in 50,000 articles costs the same as
    one in 2,000. For «مستەفا کازمی» in the sample article: «موقتەدا سەدر», «عێراق», «بەغدا», ...
    """
    newest = (
        Article.objects.filter(pk__in=_entity_mentions(entity).values("article_id"))
        .order_by(F("published").desc(nulls_last=True), "-id")
        .values("id")[:sample]
    )
    rows = (
        Mention.objects.filter(article_id__in=newest, rejected=False, entity__merged_into__isnull=True)
        .exclude(entity=entity)
        .values("entity_id", "entity__name", "entity__kind")
        .annotate(n=Count("article_id", distinct=True))
        .order_by("-n", "entity__name")
    )
    if kind:
        rows = rows.filter(entity__kind=kind)
    return [EntityCount(r["entity_id"], r["entity__name"], r["entity__kind"], r["n"]) for r in rows[:limit]]


@dataclass(frozen=True)
class EntityProfile:
    """What a person, place or organisation page shows besides its article list (cached, see below)."""

    timeline: tuple[MonthCount, ...]  # dated articles per month, oldest first
    years: tuple[YearCount, ...]  # newest first
    undated: int  # articles without a date
    aliases: tuple[str, ...]
    co_occurring: tuple[EntityCount, ...]

    @property
    def article_count(self) -> int:
        return sum(m.count for m in self.timeline) + self.undated

    def year_count(self, year: int) -> int:
        return next((y.count for y in self.years if y.year == year), 0)


PROFILE_CACHE_SECONDS = 600


def entity_profile(entity: Entity, *, co_occurring: int = 15) -> EntityProfile:
    """Timeline, years, aliases and companions of `entity`: three queries, or none when cached.

    The cache key includes the entity's mention count, which ingest and re-extraction change, so a new
    article shows up at once; other edits (an alias added by an editor) show within PROFILE_CACHE_SECONDS.
    """
    from django.core.cache import cache

    key = f"hawal:entity-profile:{entity.pk}:{entity.mention_count}:{co_occurring}"
    profile = cache.get(key)
    if profile is not None:
        return profile
    rows = (
        Article.objects.filter(pk__in=_entity_mentions(entity).values("article_id"))
        .annotate(month=TruncMonth("published"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by(F("month").asc(nulls_last=True))
    )
    timeline, undated, by_year = [], 0, {}
    for row in rows:
        if row["month"] is None:
            undated = row["n"]
            continue
        timeline.append(MonthCount(row["month"], row["n"]))
        by_year[row["month"].year] = by_year.get(row["month"].year, 0) + row["n"]
    profile = EntityProfile(
        timeline=tuple(timeline),
        years=tuple(YearCount(year, n) for year, n in sorted(by_year.items(), reverse=True)),
        undated=undated,
        aliases=tuple(entity_aliases(entity)),
        co_occurring=tuple(co_occurring_entities(entity, limit=co_occurring)),
    )
    cache.set(key, profile, PROFILE_CACHE_SECONDS)
    return profile


def entity_aliases(entity: Entity) -> list[str]:
    """Other spellings of `entity`'s name ("also written as"), without the name itself. One query."""
    names = EntityAlias.objects.filter(entity=entity).order_by("name").values_list("name", flat=True)
    seen = {entity.name}
    out = []
    for name in names:
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def top_entities(kind: str | None = None) -> QuerySet:
    """Entities of `kind` (all kinds when None), most mentioned first; merged ones left out. Lazy."""
    entities = Entity.objects.filter(merged_into__isnull=True, mention_count__gt=0)
    if kind:
        entities = entities.filter(kind=kind)
    return entities.order_by("-mention_count", "name")


def find_entities(text: str, *, kind: str | None = None) -> QuerySet:
    """Entities whose name or any alias matches `text` in Arabic or Kurdish spelling. Lazy.

    The input goes through `archive.extract.name_key`, so «كاظمي», «کازمی» and «مستەفا کازمی» all find
    «مستەفا کازمی»: an alias key holding the input's key as whole words (its word runs, migration 0017),
    or starting with it (someone still typing). Both are index reads. Merged entities are replaced by
    their survivor.
    """
    key = extract.name_key(text or "")
    if not key:
        return Entity.objects.none()
    aliases = EntityAlias.objects.filter(Q(runs__contains=[key]) | Q(key__startswith=key))
    if kind:
        aliases = aliases.filter(kind=kind)
    direct = aliases.filter(entity__merged_into__isnull=True).values("entity_id")
    survivors = aliases.filter(entity__merged_into__isnull=False).values("entity__merged_into_id")
    return Entity.objects.filter(Q(pk__in=direct) | Q(pk__in=survivors)).order_by("-mention_count", "name")


def entity_counts_by_kind() -> dict[str, int]:
    """How many (unmerged, mentioned) entities each kind has. One query."""
    rows = (
        Entity.objects.filter(merged_into__isnull=True, mention_count__gt=0)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {kind: 0 for kind in EntityKind.values}
    counts.update({r["kind"]: r["n"] for r in rows})
    return counts


# ---------------------------------------------------------------------------------------------------
# Articles


def article_mentions(article: Article) -> list[Mention]:
    """The article's accepted entity mentions in text order, each with its entity (merges followed). One query."""
    return list(
        Mention.objects.filter(article=article, rejected=False)
        .select_related("entity", "entity__merged_into")
        .order_by("start", "-end")
    )


def article_date_mentions(article: Article) -> list[DateMention]:
    """The article's date mentions in text order. One query."""
    return list(DateMention.objects.filter(article=article).order_by("start", "-end"))


RELATED_SAMPLE = 500  # candidate mentions: the newest that share any entity with the article


def related_articles(article: Article, *, limit: int = 5, sample: int = RELATED_SAMPLE) -> list[Article]:
    """Articles sharing the most entities with `article` (ties: newest first). One query.

    Entities count once per article however often they are mentioned; the article itself and its
    near-duplicates are left out. Candidates are the newest `sample` articles sharing any entity, so an
    article naming «عێراق» (in a third of the archive) costs no more than one naming a village.
    """
    shared_entities = Mention.objects.filter(article=article, rejected=False).values("entity_id")
    candidates = (
        Mention.objects.filter(entity_id__in=shared_entities, rejected=False)
        .exclude(article_id=article.pk)
        .order_by("-article_id")
        .values("article_id")[:sample]
    )
    related = (
        Article.objects.filter(
            pk__in=candidates, mentions__entity_id__in=shared_entities, mentions__rejected=False
        )
        .exclude(near_duplicate_of=article)
        .annotate(shared=Count("mentions__entity", distinct=True))
        .select_related("source")
        .defer(*LIST_DEFER)
        .order_by("-shared", F("published").desc(nulls_last=True), "-id")
    )
    if article.near_duplicate_of_id:
        related = related.exclude(pk=article.near_duplicate_of_id)
    return list(related[:limit])


# ---------------------------------------------------------------------------------------------------
# Dates


def _next_year(year: int) -> datetime.date:
    return datetime.date(year + 1, 1, 1) if year < MAX_YEAR else datetime.date.max


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def year_counts() -> list[YearCount]:
    """Dated articles per year of publication, oldest first. One query."""
    rows = (
        Article.objects.filter(published__isnull=False)
        .annotate(year=TruncYear("published"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return [YearCount(r["year"].year, r["n"]) for r in rows]


def month_counts(year: int) -> list[MonthCount]:
    """Articles published in each month of `year` (all twelve, zeros included). One query."""
    rows = (
        Article.objects.filter(published__gte=datetime.date(year, 1, 1), published__lt=_next_year(year))
        .exclude(published_precision=DatePrecision.YEAR)
        .annotate(m=ExtractMonth("published"))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {r["m"]: r["n"] for r in rows}
    return [MonthCount(datetime.date(year, m, 1), counts.get(m, 0)) for m in range(1, 13)]


def day_counts(year: int, month: int) -> list[DayCount]:
    """Articles published on each day of the month (every day, zeros included). One query.

    Articles whose date is known only to the month or year are not on any day.
    """
    first, last = datetime.date(year, month, 1), _month_end(year, month)
    rows = (
        Article.objects.filter(
            published__gte=first, published__lte=last, published_precision=DatePrecision.DAY
        )
        .annotate(d=ExtractDay("published"))
        .values("d")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {r["d"]: r["n"] for r in rows}
    return [DayCount(datetime.date(year, month, d), counts.get(d, 0)) for d in range(1, last.day + 1)]


def month_calendar(
    year: int, month: int, *, first_weekday: int = calendar.SATURDAY
) -> list[list[CalendarDay]]:
    """Weeks of the month (Saturday first, as Kurdish calendars print them) with article counts. One query."""
    counts = {c.day: c.count for c in day_counts(year, month)}
    weeks = []
    for week in calendar.Calendar(first_weekday).monthdatescalendar(year, month):
        weeks.append(
            [CalendarDay(d, counts.get(d, 0)) if d.month == month else CalendarDay(None) for d in week]
        )
    return weeks


def articles_published_on(day: datetime.date) -> QuerySet:
    """Articles published on `day` (known to the day). Lazy, newest id first."""
    return article_list(Article.objects.filter(published=day, published_precision=DatePrecision.DAY))


def articles_mentioning_day(day: datetime.date) -> QuerySet:
    """Articles whose text names `day` itself («٢٥ - ١١ - ٢٠٢١», «٧ی ئەم مانگە»), whenever they were published.

    Only date mentions resolved to the day count. Lazy.
    """
    mentions = DateMention.objects.filter(value=day, precision=DatePrecision.DAY).values("article_id")
    return article_list(Article.objects.filter(pk__in=mentions))


ON_THIS_DAY_YEARS = 150  # how far back "on this day" looks


def same_day_in_earlier_years(day: datetime.date, years: int = ON_THIS_DAY_YEARS) -> list[datetime.date]:
    """The same day and month in each of the `years` years before `day` (29 February only in leap years)."""
    dates = []
    for year in range(day.year - 1, max(0, day.year - 1 - years), -1):
        try:
            dates.append(day.replace(year=year))
        except ValueError:
            continue
    return dates


def on_this_day(day: datetime.date, *, limit: int = 10) -> list[Article]:
    """Articles published on the same day and month as `day` in earlier years, newest first. One query.

    Written as `published IN (<that day in each earlier year>)` so the date index answers it instead of
    a scan extracting month and day from every row.
    """
    rows = (
        Article.objects.filter(
            published__in=same_day_in_earlier_years(day), published_precision=DatePrecision.DAY
        )
        .select_related("source")
        .defer(*LIST_DEFER)
        .published_order()
    )
    return list(rows[:limit])


# ---------------------------------------------------------------------------------------------------
# Outlets


def outlets_with_counts() -> QuerySet:
    """Every outlet with `article_count`, `first_published` and `last_published`, largest first. Lazy."""
    from django.db.models import Max, Min

    return Source.objects.annotate(
        article_count=Count("articles"),
        first_published=Min("articles__published"),
        last_published=Max("articles__published"),
    ).order_by("-article_count", "name")


def outlet_timeline(source: Source) -> list[MonthCount]:
    """The outlet's articles per month, oldest first. One query."""
    rows = (
        Article.objects.filter(source=source, published__isnull=False)
        .annotate(month=TruncMonth("published"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return [MonthCount(r["month"], r["n"]) for r in rows]
