"""Print a bearer token for a staff user: `manage.py api_token USERNAME` (for POST /api/articles)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from archive.api.auth import issue_token


class Command(BaseCommand):
    help = "Print a bearer token for an active staff user (Authorization: Bearer <token>)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True, is_staff=True).first()
        if user is None:
            raise CommandError(f"{username} is not an active staff user")
        self.stdout.write(issue_token(user))
