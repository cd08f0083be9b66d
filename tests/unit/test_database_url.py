import pytest

from config.database_url import DatabaseUrlError, parse_database_url


def test_tcp_url_with_credentials_and_options():
    parsed = parse_database_url("postgres://hawal:s%40cret@db.example:6543/news?sslmode=require")
    assert parsed == {
        "NAME": "news",
        "USER": "hawal",
        "PASSWORD": "s@cret",
        "HOST": "db.example",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require"},
    }


def test_socket_directory_as_host_option():
    parsed = parse_database_url("postgresql:///hawal?host=/var/run/postgresql")
    assert parsed["HOST"] == "/var/run/postgresql"
    assert parsed["NAME"] == "hawal"
    assert parsed["OPTIONS"] == {}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/hawal", "must start with postgres://"),
        ("postgres://postgres@localhost:5432", "names no database"),
    ],
)
def test_unusable_urls_are_refused_with_a_reason(url, message):
    with pytest.raises(DatabaseUrlError, match=message):
        parse_database_url(url)
