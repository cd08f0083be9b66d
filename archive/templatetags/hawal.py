from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from archive.display import eastern_digits, format_date

register = template.Library()


@register.simple_tag(takes_context=True)
def kurdish_date(context, value, precision="day"):
    """A <time> element showing the date as the current language writes it."""
    language = (get_language() or "ckb").split("-")[0]
    request = context.get("request")
    latin = bool(request and request.COOKIES.get("digits") == "latin")
    text = format_date(value, precision or "day", language=language, latin_digits=latin)
    if value is None:
        return format_html('<span class="undated">{}</span>', text)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.inclusion_tag("archive/_facet.html", takes_context=True)
def facet_block(context, values, field, heading, q):
    """A list of facet values; each link adds the matching filter to the current query."""
    links = []
    for value in values or ():
        if field == "date":
            narrowed = f"{q} date:{value.key}"
        elif field == "source":
            narrowed = f'{q} source:"{value.label}"'
        else:
            narrowed = f'{q} {field}:"{value.label}"'
        links.append({"label": value.label, "count": value.count, "q": narrowed.strip()})
    return {"heading": heading, "links": links, "field": field}


@register.filter
def digits(value):
    """Numbers in the reader's digits: Eastern Arabic in Kurdish, Latin in English."""
    if (get_language() or "ckb").startswith("en"):
        return str(value)
    return eastern_digits(value)
