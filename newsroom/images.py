"""Uploaded images: refuse anything but a plain photo, strip its metadata, render sizes.

Every byte we serve is re-encoded by Pillow from decoded pixels, so EXIF (GPS
included), ICC comments and anything smuggled after the image data (HTML or script
in a polyglot file) never reach a reader. Used by both articles and authors.
"""

import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats we accept, and the fallback format each is served in beside WebP.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "JPEG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPTED_TEXT = "a JPEG, PNG or WebP photo"


def validate_image(value):
    """Refuse an upload that is too big, not a photo, damaged or a decompression bomb."""
    if getattr(value, "_committed", True):
        return  # already stored (and checked) earlier: nothing new was uploaded
    size = getattr(value, "size", 0) or 0
    if size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {filesizeformat(size)}; images may be at most "
            f"{filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES)}. Export a smaller copy.",
            code="image_too_large",
        )
    upload = value.file
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            # Only the header is read so far: check the pixel count before decoding.
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    f"This image is {width}×{height} pixels, more than we can safely "
                    "process. Resize it below "
                    f"{settings.IMAGE_MAX_PIXELS // 1_000_000} megapixels.",
                    code="image_too_many_pixels",
                )
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    f"This is a {image.format} file; upload {ACCEPTED_TEXT}.",
                    code="image_format",
                )
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise ValidationError(
            "This image has too many pixels to process safely. Resize it and try again.",
            code="image_too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            f"This file is not an image we can read, or it is damaged. Upload {ACCEPTED_TEXT}.",
            code="image_invalid",
        ) from None
    finally:
        upload.seek(0)


def _encode(image, fmt):
    """Return `image` encoded as `fmt`, with no metadata carried over."""
    if fmt == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    if fmt == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    out = io.BytesIO()
    options = {
        "JPEG": {"quality": 85, "optimize": True, "progressive": True},
        "WEBP": {"quality": 80, "method": 4},
        "PNG": {"optimize": True},
    }[fmt]
    image.save(out, fmt, **options)  # no exif=/icc_profile= passed: nothing is kept
    return out.getvalue()


def prepare_image(field_file, storage=None):
    """Replace a new upload with a clean copy and render its srcset sizes.

    Return the renditions as stored names: {"width", "height", "webp": [[w, name]],
    "fallback": [[w, name]], "crops": {ratio: [w, h, name]}}, for `Picture` to turn
    into `srcset` attributes and structured data to offer in each aspect ratio.
    """
    storage = storage or default_storage
    upload = field_file.file
    upload.seek(0)
    with Image.open(upload) as opened:
        fmt = opened.format
        opened.load()
        image = ImageOps.exif_transpose(opened)  # apply the camera's rotation, then drop EXIF
    fallback = "PNG" if fmt == "PNG" else "JPEG"
    original_name = field_file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "image"
    field_file.save(
        f"{original_name}.{EXTENSIONS[fmt]}", ContentFile(_encode(image, fmt)), save=False
    )

    folder = f"renditions/{secrets.token_hex(8)}"
    widths = sorted(
        {w for w in settings.IMAGE_WIDTHS if w < image.width}
        | {min(image.width, max(settings.IMAGE_WIDTHS))}
    )
    renditions = {"width": image.width, "height": image.height, "webp": [], "fallback": []}
    for width in widths:
        resized = (
            image
            if width == image.width
            else image.resize(
                (width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS
            )
        )
        for key, out_fmt in (("webp", "WEBP"), ("fallback", fallback)):
            name = storage.save(
                f"{folder}/{width}w.{EXTENSIONS[out_fmt] if out_fmt != 'JPEG' else 'jpg'}",
                ContentFile(_encode(resized, out_fmt)),
            )
            renditions[key].append([width, name])
    renditions["crops"] = crop_renditions(image, storage, folder)
    return renditions


# Crops search engines ask for (NewsArticle `image`: 16:9, 4:3 and 1:1, at least
# CROP_WIDTH pixels wide where the original is big enough), centred, as JPEG.
CROPS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
CROP_WIDTH = 1200


def crop_renditions(image, storage, folder):
    """{ratio: [width, height, name]}: the largest centred crop of each ratio."""
    crops = {}
    for key, (across, down) in CROPS.items():
        width = max(1, min(image.width, image.height * across // down))
        height = max(1, min(image.height, width * down // across))
        left, top = (image.width - width) // 2, (image.height - height) // 2
        crop = image.crop((left, top, left + width, top + height))
        if width > CROP_WIDTH:
            crop = crop.resize((CROP_WIDTH, round(height * CROP_WIDTH / width)),
                               Image.Resampling.LANCZOS)
        name = storage.save(f"{folder}/{key}.jpg", ContentFile(_encode(crop, "JPEG")))
        crops[key] = [crop.width, crop.height, name]
    return crops


@dataclass
class Picture:
    """What a `<picture>` element needs: WebP and fallback srcsets plus a default src."""

    webp_srcset: str
    fallback_srcset: str
    src: str
    width: int
    height: int

    @classmethod
    def from_renditions(cls, renditions, storage=None):
        if not renditions or not renditions.get("fallback"):
            return None
        storage = storage or default_storage

        def srcset(key):
            return ", ".join(f"{storage.url(name)} {w}w" for w, name in renditions[key])

        widest = renditions["fallback"][-1]
        height = round(renditions["height"] * widest[0] / renditions["width"])
        return cls(srcset("webp"), srcset("fallback"), storage.url(widest[1]), widest[0], height)
