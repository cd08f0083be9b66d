"""Template helpers: dates and numbers as the reader writes them, facet links, query-string building."""

from __future__ import annotations

from html import escape  # Django's escape is this plus a lazy-string wrapper: these builders pass plain str
from urllib.parse import quote, quote_plus, urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from archive.charts import without_date_filters
from archive.display import eastern_digits, format_date, format_number, month_name

register = template.Library()


def reader_language() -> str:
    return (get_language() or "ckb").split("-")[0]


def wants_latin_digits(request) -> bool:
    """The reader chose Latin digits (cookie `digits=latin`, set from the footer's setting)."""
    return bool(request is not None and request.COOKIES.get("digits") == "latin")


def date_html(value, precision: str | None, language: str, latin: bool) -> str:
    """A <time> element showing the date as `language` writes it (an "undated" span for None)."""
    text = format_date(value, precision or "day", language=language, latin_digits=latin)
    if value is None:
        return format_html('<span class="undated">{}</span>', text)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.simple_tag(takes_context=True)
def kurdish_date(context, value, precision="day"):
    """A <time> element showing the date as the current language writes it."""
    return date_html(value, precision, reader_language(), wants_latin_digits(context.get("request")))


@register.simple_tag(takes_context=True)
def num(context, value, grouped=True):
    """A number in the reader's digits: `{% num 1250 %}` → «١٬٢٥٠» (Kurdish) or «1,250».

    `{% num year False %}` leaves out the thousands separator (years: «٢٠٢١»).
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    latin = wants_latin_digits(context.get("request"))
    if not grouped:
        return str(number) if latin or reader_language() != "ckb" else eastern_digits(number)
    return format_number(number, language=reader_language(), latin_digits=latin)


@register.simple_tag
def month_label(month):
    """The name of month number `month` (1–12) in the interface language."""
    return month_name(int(month), language=reader_language())


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes them), e.g. for pages.

    `?q=...&sort=date` + `{% url_with page=3 %}` → `?q=...&sort=date&page=3`.
    """
    request = context.get("request")
    params = dict(request.GET.items()) if request is not None else {}
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = value
    return "?" + urlencode(params) if params else "?"


@register.simple_tag(takes_context=True)
def facet_block(context, values, field, heading, q):
    """A list of facet values; each link adds the matching filter to the current query (sort is kept).

    Built here rather than by an included template: five lists of ten links on every results page cost
    about 1 ms more through the template engine. Every interpolated string is escaped."""
    request = context.get("request")
    if not values:
        return ""
    sort = request.GET.get("sort", "") if request is not None else ""
    # The query is quoted once; each value adds its own quoted filter (quoting is character by character).
    base = (without_date_filters(q) if field == "date" else q).strip()
    prefix = "?q=" + quote_plus(base + " " if base else "")
    suffix = "&" + urlencode({"sort": sort}) if sort else ""
    language = reader_language()
    latin = wants_latin_digits(request)
    eastern = field == "date" and language == "ckb" and not latin
    items = []
    for value in values:
        if field == "date":
            added = f"date:{value.key}"
        else:
            label = value.label.replace('"', "")
            added = f'{field}:"{label}"'
        label = eastern_digits(value.label) if eastern else value.label
        count = format_number(value.count, language=language, latin_digits=latin)
        href = prefix + quote_plus(added) + suffix
        items.append(
            f'<li><a href="{escape(href)}" dir="auto">{escape(label)}</a> <span class="count">{count}</span></li>'
        )
    field = escape(field)
    return mark_safe(  # every interpolated string is escaped above; the count is digits and separators
        f'\n<section class="facet facet-{field}" aria-labelledby="facet-{field}">\n'
        f'  <h2 id="facet-{field}">{escape(str(heading))}</h2>\n'
        f"  <ul>{''.join(items)}</ul>\n"
        "</section>\n\n"
    )


@register.simple_tag(takes_context=True)
def hit_items(context, hits, q):
    """The <li> of each search hit: title linked with the query, outlet, date and marked snippet.

    Built here for the reason facet_block is: twenty hits through the template engine cost about 1 ms
    more. Every interpolated string is escaped; the snippet's HTML is escaped by Snippet.html()."""
    q_quoted = escape(quote(q, safe="/"))
    language, latin = reader_language(), wants_latin_digits(context.get("request"))
    items = []
    for hit in hits:
        article = hit.article
        source = article.source
        outlet = (
            f'<a href="{escape(source.get_absolute_url())}">{escape(source.name)}</a> · ' if source else ""
        )
        date = date_html(article.published, article.published_precision, language, latin)
        items.append(
            '\n      <li class="article-item">\n'
            f'        <h2><a href="{escape(article.get_absolute_url())}?q={q_quoted}" dir="auto">'
            f"{escape(article.title)}</a></h2>\n"
            f'        <p class="meta">{outlet}{date}</p>\n'
            f'        <p class="snippet" dir="auto">{hit.snippet.html()}</p>\n'
            "      </li>\n      "
        )
    return mark_safe("".join(items))  # every interpolated string is escaped above


@register.filter
def digits(value):
    """Numbers in Eastern Arabic digits in Kurdish, Latin in English (ignores the reader's digit setting)."""
    if reader_language() == "en":
        return str(value)
    return eastern_digits(value)


class RememberedNode(template.Node):
    """`{% remembered key %}…{% endremembered %}`: the enclosed output, kept under `key` until the database
    changes (see archive.search.cache); rendered afresh every time when `key` is empty."""

    def __init__(self, nodelist: template.NodeList, key: template.base.FilterExpression):
        self.nodelist = nodelist
        self.key = key

    def render(self, context) -> str:
        from archive.search import cache

        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        snap, parts = key
        return cache.remembered(snap, ("fragment", *parts), lambda: self.nodelist.render(context))


@register.tag
def remembered(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% remembered key %} takes one argument")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(nodelist, parser.compile_filter(bits[1]))
