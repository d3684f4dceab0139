"""The focal point: crops for 16:9, 4:3 and 1:1 keep the subject in frame."""

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from newsroom.crops import crop_box
from tests.factories import make_article

from .admin_forms import article_form_data, change_url
from .test_images import photo_bytes, upload

pytestmark = pytest.mark.django_db


def test_a_centred_point_crops_the_middle():
    assert crop_box(1600, 900, (1, 1)) == (350, 0, 1250, 900)


def test_a_point_near_the_edge_keeps_the_crop_inside_the_photo():
    assert crop_box(1600, 900, (1, 1), focus=(95, 50)) == (700, 0, 1600, 900)


def test_a_tall_photo_is_trimmed_top_and_bottom_around_the_point():
    assert crop_box(900, 1600, (16, 9), focus=(50, 10)) == (0, 0, 900, 506)


def test_saving_a_photo_renders_each_crop_at_its_ratio(client, editor):
    article = make_article()
    client.force_login(editor)
    data = article_form_data(article, featured_image_alt="Boats", featured_image_caption="Harbour",
                             featured_image_credit="Jane Doe", featured_image_focus_x="20",
                             featured_image_focus_y="30")
    data["featured_image"] = upload(photo_bytes(size=(1200, 800)))
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    for name, (across, down) in {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}.items():
        crop = article.featured_crop(name)
        widest = article.featured_image_renditions["crops"][name]["fallback"][-1][1]
        with default_storage.open(widest) as stored, Image.open(stored) as image:
            assert abs(image.width / image.height - across / down) < 0.01, name
        assert crop.src.endswith(".jpg")


def test_moving_the_focal_point_recrops_without_a_new_upload(client, editor):
    article = make_article()
    client.force_login(editor)
    data = article_form_data(article, featured_image_alt="Boats", featured_image_caption="Harbour",
                             featured_image_credit="Jane Doe")
    data["featured_image"] = upload(photo_bytes(size=(1200, 800)))
    client.post(change_url(article), data)
    article.refresh_from_db()
    before = article.featured_crop("1x1").src
    moved = article_form_data(article, featured_image_alt="Boats", featured_image_caption="Harbour",
                              featured_image_credit="Jane Doe", featured_image_focus_x="90")
    assert client.post(change_url(article), moved).status_code == 302
    article.refresh_from_db()
    assert article.featured_image_renditions["crops"]["focus"] == [90, 50]
    assert article.featured_crop("1x1").src != before


def test_a_focal_point_past_the_edge_is_refused(client, editor):
    article = make_article()
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article,
                                                                  featured_image_focus_x="140"))
    assert response.status_code == 200
    assert "less than or equal to 100" in response.content.decode()
