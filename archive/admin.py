from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.models import Article, DateMention, Entity, EntityAlias, Mention, Source, Upload


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "site_url", "created"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["surface", "entity", "start", "end", "rejected"]
    readonly_fields = ["surface", "entity", "start", "end"]
    extra = 0
    can_delete = False


class DateMentionInline(admin.TabularInline):
    model = DateMention
    fields = ["surface", "value", "precision", "relative"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published", "published_precision", "extraction_status", "created"]
    list_filter = ["source", "published_precision", "extraction_status", "synthetic"]
    search_fields = ["title"]
    date_hierarchy = "published"
    readonly_fields = [
        "content_hash",
        "analyzer_version",
        "extractor_version",
        "extraction_status",
        "extraction_error",
        "created",
        "updated",
    ]
    inlines = [MentionInline, DateMentionInline]


class AliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ["name", "origin"]
    extra = 1


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "mention_count", "merged_into", "edited"]
    list_filter = ["kind", "edited"]
    search_fields = ["name", "aliases__name"]
    inlines = [AliasInline]
    readonly_fields = ["mention_count"]
    raw_id_fields = ["merged_into"]


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    """Uploads: pick files or a zip, follow the per-file report, retry the failures."""

    list_display = ["__str__", "label", "created_by", "origin", "status", "done_items", "total_items"]
    list_filter = ["status", "origin"]
    readonly_fields = [
        "created_by",
        "created",
        "finished",
        "origin",
        "status",
        "label",
        "total_items",
        "done_items",
        "error",
    ]
    exclude = ["resume_key"]
    change_form_template = "admin/archive/upload/change_form.html"
    change_list_template = "admin/archive/upload/change_list.html"

    def has_add_permission(self, request):
        return False  # uploads are made through the upload form, not the generic add form

    def get_urls(self):
        from django.urls import path

        own = [
            path("new/", self.admin_site.admin_view(self.upload_view), name="archive_upload_new"),
            path("<int:pk>/retry/", self.admin_site.admin_view(self.retry_view), name="archive_upload_retry"),
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="archive_upload_progress",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from archive.ingest.runner import outcome_counts

        upload = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "counts": outcome_counts(upload) if upload else {},
            "items": upload.items.select_related("article")[:2000] if upload else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def upload_view(self, request):
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.template.response import TemplateResponse

        from archive.forms import UploadForm
        from archive.ingest.runner import create_upload
        from archive.tasks import process_upload_task

        if not request.user.has_perm("archive.add_article"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
            upload = create_upload(
                files, user=request.user, origin="admin", label=", ".join(n for n, _ in files)
            )
            process_upload_task.enqueue(upload.pk)
            messages.success(request, _("Upload received; it is being processed."))
            return redirect("admin:archive_upload_change", upload.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Upload articles"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/archive/upload/new.html", context)

    def retry_view(self, request, pk):
        from django.contrib import messages
        from django.shortcuts import get_object_or_404, redirect

        from archive.tasks import process_upload_task

        upload = get_object_or_404(Upload, pk=pk)
        if request.method == "POST" and request.user.has_perm("archive.add_article"):
            Upload.objects.filter(pk=pk).update(status=Upload.Status.QUEUED)
            process_upload_task.enqueue(upload.pk, only_failed=True)
            messages.success(request, _("The failed items are being retried."))
        return redirect("admin:archive_upload_change", upload.pk)

    def progress_view(self, request, pk):
        from django.http import JsonResponse
        from django.shortcuts import get_object_or_404

        from archive.ingest.runner import outcome_counts

        upload = get_object_or_404(Upload, pk=pk)
        return JsonResponse(
            {
                "status": upload.status,
                "done": upload.done_items,
                "total": upload.total_items,
                "counts": outcome_counts(upload),
            }
        )


admin.site.site_header = _("Hawal administration")
admin.site.site_title = _("Hawal")
