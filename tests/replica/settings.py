"""Settings of the Django processes the replica tests start (manage.py, gunicorn, workers): the production
settings from the environment (tests/replica/cluster.py's `django_env`), with static files served from the
app folders, so pages render without a collectstatic manifest. Unlike tests/settings.py it creates no
temporary folder: these processes are many and short-lived."""

from config.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
