"""/readyz's verdict when the primary is not ready: migrations missing, or the server unreachable."""

import json

from tests.replica.cluster import django_env, free_port, manage

READINESS = "import json; from config.health import readiness; print(json.dumps(readiness()))"


def test_a_database_without_migrations_is_not_ready(cluster):
    cluster.primary.query("CREATE DATABASE unmigrated", database="postgres")
    env = django_env(cluster.primary, cluster.replicas)
    env["DATABASE_URL"] = cluster.primary.url("unmigrated")
    ready, report = json.loads(manage(env, "shell", "-c", READINESS).strip().splitlines()[-1])
    assert ready is False and report["database"] == "ok"
    assert report["migrations"].endswith(" unapplied") and int(report["migrations"].split()[0]) > 10
    assert report["replicas"]["replica1"]["up"] is True  # reported, whatever the primary's state


def test_an_unreachable_primary_is_not_ready(cluster):
    env = django_env(cluster.primary)
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{free_port()}/hawal"
    ready, report = json.loads(manage(env, "shell", "-c", READINESS).strip().splitlines()[-1])
    assert ready is False and report["database"] == "unreachable: OperationalError"
    assert report["status"] == "not ready" and report["replicas"] == {}
