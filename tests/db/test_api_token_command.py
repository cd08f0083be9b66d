import io

import pytest
from django.core.management import CommandError, call_command

from archive.api.auth import user_for_token

pytestmark = pytest.mark.django_db


def test_api_token_is_issued_for_staff_only(django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-test-password", is_staff=True)
    django_user_model.objects.create_user("reader", password="a-long-test-password")
    out = io.StringIO()
    call_command("api_token", "editor", stdout=out)
    assert user_for_token(out.getvalue().strip()) == editor
    with pytest.raises(CommandError, match="not an active staff user"):
        call_command("api_token", "reader")
