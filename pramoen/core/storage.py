"""Where uploaded and built files are kept: a folder on this machine, or S3-compatible object storage.

Evidence photos and their thumbnails, appeal documents, monitoring follow-up evidence, files a job reads and
the built monitoring reports all go through Django's default storage.  With ``PRAMOEN_S3_BUCKET`` set it is
a bucket (AWS S3, MinIO, Ceph, …; ``django-storages``), so web servers and job workers on several machines
see the same files; without it, ``PRAMOEN_MEDIA_ROOT`` on this machine.

The bucket stays private.  pramoen never hands out a link to an object: every file is read by the
permission-checked view that serves it (``progress:evidence-file``, ``appeal-evidence``,
``monitoring:evidence-file``, the monitoring report) and streamed from storage to the person, after the
policy has said yes.  A presigned redirect would save the web server the bytes, but the link would work for
anyone it is passed to until it expires, and the object store's address would have to be reachable from
every office's network; evidence is at most 10 MB, so streaming costs little.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from pramoen.env import env_str, env_url

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
SPOOL_BYTES = 2 * 1024 * 1024  # a file read from the bucket is kept in memory up to this, then on disk


def default_storage_config(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """``STORAGES["default"]`` from the environment (docs/configuration.md, docs/deploy.md)."""
    bucket = env_str("PRAMOEN_S3_BUCKET", "", environ=environ)
    if not bucket:
        return {"BACKEND": FILESYSTEM}
    endpoint = env_url("PRAMOEN_S3_ENDPOINT_URL", None, schemes={"http", "https"}, environ=environ)
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": env_str("PRAMOEN_S3_PREFIX", "", environ=environ).strip("/"),
        "region_name": env_str("PRAMOEN_S3_REGION", "", environ=environ) or None,
        "endpoint_url": endpoint,
        # empty: boto3's own chain (AWS_* variables, ~/.aws, the machine's role)
        "access_key": env_str("AWS_ACCESS_KEY_ID", "", environ=environ) or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY", "", environ=environ) or None,
        "security_token": env_str("AWS_SESSION_TOKEN", "", environ=environ) or None,
        "default_acl": None,  # objects inherit the bucket's (private) policy; never public-read
        "querystring_auth": True,  # should a URL ever be made, it is signed, not public …
        "querystring_expire": 60,  # … and short-lived
        "file_overwrite": False,  # as on disk: a second file of the same name gets a new name
        "max_memory_size": SPOOL_BYTES,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    if endpoint:
        # MinIO, Ceph and other S3-compatible stores address buckets by path, not by host name
        options["addressing_style"] = "path"
    return {"BACKEND": S3, "OPTIONS": options}
