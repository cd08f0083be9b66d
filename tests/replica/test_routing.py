"""Read replicas on real servers: the router's choice, pages through gunicorn, read-your-writes, failover."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest

from config.replicas import PRIMARY_COOKIE
from tests.replica.cluster import django_env, free_port, manage
from tests.replica.conftest import gunicorn

ROUTER_PROBE = """
import json
from django.contrib.auth import get_user_model
from django.db import connections, router
from archive.models import Article
from config.replicas import replica_health, replica_reads

def in_recovery(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]

report = {"outside": router.db_for_read(Article), "chosen": [], "recovery": {}}
report["outside_recovery"] = in_recovery(report["outside"])
for _ in range(6):
    with replica_reads():
        alias = router.db_for_read(Article)
        report["chosen"].append(alias)
        report["recovery"][alias] = in_recovery(alias)
        report["queryset_db"] = Article.objects.all().db
        report["user_db"] = router.db_for_read(get_user_model())
        report["write_db"] = router.db_for_write(Article)
report["dead"] = replica_health("replica3").up
print(json.dumps(report))
"""

EDITOR = """
from django.contrib.auth import get_user_model
from archive.api.auth import issue_token
user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
print(issue_token(user))
"""

STORY = "هێزەکانی پێشمەرگە لە سنووری {place} هێرشێکی چەکدارانیان تێکشکاند و {n} چەکدار دەستگیرکران."


def request(base: str, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, body, headers) of one request; cookies are passed by hand, as the primary-pin cookie is
    `Secure` (it would come back over HTTPS behind the proxy)."""
    req = urllib.request.Request(
        base + path, data=data, headers=headers or {}, method="POST" if data else "GET"
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def test_router_sends_public_reads_to_healthy_replicas_in_turn_and_the_rest_to_the_primary(cluster):
    replica, dead = cluster.replicas[0].url(), f"postgres://postgres@127.0.0.1:{free_port()}/hawal"
    env = django_env(cluster.primary, HAWAL_REPLICA_CHECK_SECONDS="60")
    env["DATABASE_REPLICA_URLS"] = f"{replica},{replica},{dead}"  # replica1, replica2 (same server), dead
    report = json.loads(manage(env, "shell", "-c", ROUTER_PROBE).strip().splitlines()[-1])
    assert report["outside"] == "default" and report["outside_recovery"] is False
    assert sorted(set(report["chosen"])) == ["replica1", "replica2"]  # round robin, replica3 skipped
    assert report["chosen"].count("replica1") == report["chosen"].count("replica2") == 3
    assert report["recovery"] == {"replica1": True, "replica2": True}  # really answered by the standby
    assert report["queryset_db"] in {"replica1", "replica2"}
    assert report["user_db"] == report["write_db"] == "default"
    assert report["dead"] is False


@pytest.fixture(scope="module")
def web(cluster, tmp_path_factory):
    env = django_env(
        cluster.primary,
        cluster.replicas,
        HAWAL_REPLICA_CHECK_SECONDS="3",  # long enough that the failover test meets a replica still "up"
        HAWAL_REPLICA_MAX_LAG="3600",  # replay is paused on purpose below
        HAWAL_READ_YOUR_WRITES_SECONDS="120",
    )
    token = manage(env, "shell", "-c", EDITOR).strip().splitlines()[-1]
    with gunicorn(env, tmp_path_factory.mktemp("web") / "gunicorn.log") as base:
        yield base, token


def test_readers_get_the_replica_and_an_editor_reads_their_own_write_from_the_primary(cluster, web):
    base, token = web
    replica = cluster.replicas[0]
    replica.query("SELECT pg_wal_replay_pause()")  # the replica now lags behind for as long as we like
    try:
        body = json.dumps({"body": STORY.format(place="کەرکووک", n=3), "source": "Rudaw"}).encode()
        status, content, headers = request(
            base,
            "/api/articles",
            data=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        assert status == 200, content[:500]
        article = json.loads(content)["items"][0]["article_id"]
        cookie = SimpleCookie(headers["Set-Cookie"])[PRIMARY_COOKIE]
        assert cookie["max-age"] == "120" and cookie["httponly"]
        pinned = {"Cookie": f"{PRIMARY_COOKIE}={cookie.value}"}

        assert request(base, f"/articles/{article}/")[0] == 404  # a reader: the paused replica
        assert request(base, f"/api/articles/{article}")[0] == 404
        assert request(base, f"/articles/{article}/", headers=pinned)[0] == 200  # the editor: the primary
        assert request(base, f"/api/articles/{article}", headers=pinned)[0] == 200
        stale = {"Cookie": f"{PRIMARY_COOKIE}={time.time() - 1:.0f}"}
        assert request(base, f"/articles/{article}/", headers=stale)[0] == 404  # the window has passed
    finally:
        replica.query("SELECT pg_wal_replay_resume()")
    cluster.wait_replayed(replica)
    assert request(base, f"/articles/{article}/")[0] == 200


def test_health_and_readiness_answer_probes_by_ip_over_http(web):
    base, _ = web
    status, content, _ = request(base, "/healthz", headers={"Host": "10.1.2.3:8000"})
    assert (status, content) == (200, b"ok\n")
    status, content, headers = request(base, "/readyz", headers={"Host": "10.1.2.3:8000"})
    assert status == 200 and headers["Cache-Control"] == "no-store", content
    report = json.loads(content)
    assert report["status"] == "ready" and report["database"] == "ok" and report["migrations"] == "applied"
    assert report["replicas"]["replica1"]["up"] is True
    assert request(base, "/", headers={"Host": "10.1.2.3:8000"})[0] == 400  # other pages still check hosts


def test_a_stopped_replica_is_skipped_and_pages_come_from_the_primary(cluster, web):
    base, _ = web
    replica = cluster.replicas[0]
    article = cluster.primary.value("SELECT max(id) FROM archive_article")
    cluster.wait_replayed(replica)
    assert request(base, f"/articles/{article}/")[0] == 200
    assert request(base, f"/api/articles/{article}")[0] == 200
    replica.stop("fast")
    try:
        # The API first: its errors become JSON answers inside django-ninja, so only the check of the
        # connection before the first query (not the page retry) can send it to the primary.
        assert request(base, f"/api/articles/{article}")[0] == 200
        for _ in range(5):
            assert request(base, f"/articles/{article}/")[0] == 200
            assert request(base, f"/search/?q={urllib.parse.quote('کەرکووک')}")[0] == 200
        status, content, _ = request(base, "/readyz")
        report = json.loads(content)
        assert status == 200 and report["replicas"]["replica1"]["up"] is False
        assert report["replicas"]["replica1"]["error"]
    finally:
        replica.start()
    cluster.wait_streaming(replica)
    deadline = time.monotonic() + 30
    while not json.loads(request(base, "/readyz")[1])["replicas"]["replica1"]["up"]:
        assert time.monotonic() < deadline, "the restarted replica was never taken back"
        time.sleep(0.5)
