"""Static files: hashed names, gzip and brotli copies, and a year's expiry."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "newsroom.storage.StaticStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_stylesheet_is_hashed_compressed_and_cached_for_a_year(collected):
    url = static("css/site.css")
    assert url != "/static/css/site.css", "the URL must carry a content hash"
    name = url.removeprefix("/static/")
    assert (collected / f"{name}.br").exists()
    assert (collected / f"{name}.gz").exists()
    response = Client().get(url, headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


def test_a_remembered_static_address_is_the_manifest_s(collected):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    manifest = CompressedManifestStaticFilesStorage()
    for _ in range(2):
        for name in ("css/site.css", "js/comments.js", "favicon.svg"):
            assert static(name) == manifest.url(name)
    with pytest.raises(ValueError):  # a file collectstatic never saw is refused every time
        staticfiles_storage.url("css/missing.css")
    with pytest.raises(ValueError):
        staticfiles_storage.url("css/missing.css")
