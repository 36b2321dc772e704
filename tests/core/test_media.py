"""Uploaded files are served only through views that ask the policy — never at a public /media/ path,
not even with debug on (`make run`), where they used to be open to anonymous visitors."""

import importlib

import pytest
from django.urls import Resolver404, clear_url_caches, resolve


@pytest.mark.parametrize("debug", [False, True])
def test_no_media_path_is_served_in_any_mode(settings, debug):
    import pramoen.urls

    settings.DEBUG = debug
    try:
        importlib.reload(pramoen.urls)
        clear_url_caches()
        for path in ("/media/evidence/2024/photo.jpg", "/media/appeals/letter.pdf"):
            with pytest.raises(Resolver404):
                resolve(path, urlconf=pramoen.urls)
    finally:
        settings.DEBUG = False
        importlib.reload(pramoen.urls)
        clear_url_caches()
