"""`manage.py search_indexes`: reports the plan, builds and drops the RUM indexes where the server has rum."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive.search import postgres, rum

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("search_indexes", *args, stdout=out)
    return out.getvalue()


def test_status_reports_the_plan_search_uses():
    with connection.cursor() as cursor:
        expected = "rum" if rum.installed(cursor) else "gin"
    output = _run("--status")
    assert f"search plan: {expected}" in output
    assert "article_search_gin" in output


def test_rum_indexes_are_dropped_and_built_in_place_or_refused_clearly():
    with connection.cursor() as cursor:
        available = rum.available(cursor)
    if not available:
        with pytest.raises(CommandError, match="no rum extension"):
            _run("--rum")
        return
    assert "search plan: gin" in _run("--no-rum")
    assert "search plan: rum" in _run("--rum")
    postgres.forget_search_plan()
