"""Forms: validate size and type before anything touches the database."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in files if item]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("Text (.txt), .zip, .csv, .jsonl, .html or .docx; several at once are fine."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        too_big = [f.name for f in files if f.size > settings.HAWAL_MAX_FILE_BYTES]
        if too_big:
            raise forms.ValidationError(
                _("Too large (over %(mb)s MB): %(names)s")
                % {"mb": settings.HAWAL_MAX_FILE_BYTES // 2**20, "names": ", ".join(too_big[:5])}
            )
        if sum(f.size for f in files) > settings.HAWAL_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The upload is larger than %(mb)s MB in all; split it.")
                % {"mb": settings.HAWAL_MAX_UPLOAD_BYTES // 2**20}
            )
        return files
