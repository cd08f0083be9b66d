from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from archive.models import Article, DateMention, Entity, EntityAlias, Mention, Source, Upload, UploadItem


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
    readonly_fields = ["content_hash", "analyzer_version", "extractor_version", "extraction_status", "extraction_error",
                       "created", "updated"]
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


class UploadItemInline(admin.TabularInline):
    model = UploadItem
    fields = ["member", "format", "outcome", "code", "message", "article"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "origin", "status", "done_items", "total_items"]
    list_filter = ["status", "origin"]
    inlines = [UploadItemInline]


admin.site.site_header = _("Hawal administration")
admin.site.site_title = _("Hawal")
