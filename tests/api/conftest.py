"""API test fixtures: the API mounted at /api/, a clean cache (throttle counters), staff tokens."""

import pytest
from django.core.cache import cache

from archive.api.auth import issue_token


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("editor", password="not-a-real-password-1", is_staff=True)


@pytest.fixture
def staff_headers(staff_user):
    return {"Authorization": f"Bearer {issue_token(staff_user)}"}


def error_of(response) -> dict:
    """The one error shape, checked: returns the inner `error` object."""
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "message_ckb", "details"}
    assert error["code"] and error["message"] and error["message_ckb"]
    return error
