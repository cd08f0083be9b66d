"""Background work on Django's tasks framework (database-backed queue: django-tasks-db).

Any number of `manage.py db_worker` processes, on any machine that reaches the database, share the queue.
"""

from django.tasks import task

from archive.ingest.runner import process_upload
from archive.models import Upload


@task()
def process_upload_task(upload_id: int, only_failed: bool = False) -> dict[str, int]:
    upload = process_upload(Upload.objects.get(pk=upload_id), only_failed=only_failed)
    return {"total": upload.total_items, "done": upload.done_items}
