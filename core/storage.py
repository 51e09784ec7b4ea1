"""Where private uploads go: a folder outside MEDIA_ROOT that no URL serves. A view that checks
permission hands such files out (review's certificate view)."""

import uuid

from django.core.files.storage import storages


def private_storage():
    return storages["private"]


def random_file_name(folder, filename):
    """A stored name that keeps nothing of the uploader's file name but its (checked) extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"
