"""config/replicas.py without servers: the DATABASES entries, which requests may read from a replica, and
that nothing changes without DATABASE_REPLICA_URLS (the suite's own setting)."""

import time

import pytest
from django.db import router
from django.test import RequestFactory

from archive.models import Article
from config.replicas import (
    PRIMARY_COOKIE,
    ReplicaRouter,
    may_read_replica,
    replica_aliases,
    replica_databases,
    replica_reads,
)

PRIMARY = {
    "ENGINE": "django.db.backends.postgresql",
    "CONN_MAX_AGE": 60,
    "NAME": "hawal",
    "HOST": "db1",
    "OPTIONS": {"sslmode": "require"},
}


def test_each_url_becomes_a_replica_alias_with_the_primarys_settings_and_a_short_connect_timeout():
    databases = replica_databases(
        ["postgres://reader@db2:5432/hawal", "postgres://reader@db3/hawal?connect_timeout=5&sslmode=disable"],
        PRIMARY,
    )
    assert list(databases) == ["replica1", "replica2"]
    first, second = databases["replica1"], databases["replica2"]
    assert (first["HOST"], first["USER"], first["PORT"], first["CONN_MAX_AGE"]) == (
        "db2",
        "reader",
        "5432",
        60,
    )
    assert first["OPTIONS"] == {"sslmode": "require", "connect_timeout": 2}
    assert second["OPTIONS"] == {"sslmode": "disable", "connect_timeout": "5"}  # the URL wins
    assert first["TEST"] == {"MIRROR": "default"}  # test runs use the primary's test database
    assert replica_databases([], PRIMARY) == {}


@pytest.mark.parametrize(
    ("method", "path", "cookie", "expected"),
    [
        ("GET", "/search/", None, True),
        ("HEAD", "/api/search", None, True),
        ("GET", "/articles/1/", "expired", True),
        ("GET", "/articles/1/", "forged", True),
        ("GET", "/articles/1/", "not-a-number", True),
        ("GET", "/articles/1/", "fresh", False),  # this browser just wrote: read from the primary
        ("POST", "/search/", None, False),
        ("GET", "/admin/archive/article/", None, False),
    ],
)
def test_which_requests_may_read_from_a_replica(settings, method, path, cookie, expected):
    settings.HAWAL_READ_YOUR_WRITES_SECONDS = 15
    values = {"expired": time.time() - 1, "forged": time.time() + 10**6, "fresh": time.time() + 10}
    request = RequestFactory().generic(method, path)
    if cookie:
        request.COOKIES[PRIMARY_COOKIE] = str(values.get(cookie, cookie))
    assert may_read_replica(request) is expected


def test_without_replicas_every_read_stays_on_the_primary():
    if replica_aliases():
        pytest.skip("DATABASE_REPLICA_URLS is set for this run")
    with replica_reads():
        assert router.db_for_read(Article) == "default"
        assert router.db_for_write(Article) == "default"


def test_migrations_run_on_the_primary_only():
    assert ReplicaRouter().allow_migrate("replica1", "archive") is False
    assert ReplicaRouter().allow_migrate("default", "archive") is None
