"""Uploaded images: refuse anything but a plain photo, strip its metadata, render sizes.

In the request an upload is only checked (bounded: JPEGs decoded at 1/8 scale, PNGs
checked chunk by chunk) and stored as it came, under a random name in `incoming/`,
which nobody is served. The `render_image` task then decodes it once, within memory
(a JPEG straight at the scale needed, via draft(); a big PNG shrunk with reduce()
before resampling), writes a clean copy and the srcset sizes, and points the row at
them. Every byte served is re-encoded from decoded pixels with no metadata carried
over: no EXIF/GPS, XMP, text chunks or JPEG COM comments (a `<script>` in one
included); only the colour profile, converted to sRGB, is kept. Renditions are named
by their content's hash (served with far-future caching); the editor's file name is
kept only, URL-escaped, in the renditions record.
"""

import hashlib
import io
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Formats we accept, and the fallback format each is served in beside WebP.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "JPEG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPTED_TEXT = "a JPEG, PNG or WebP photo"
INCOMING = "incoming/"  # raw uploads waiting for render_image; never served
RENDITIONS = "renditions/"
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
SRGB_BYTES = SRGB.tobytes()


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
            if image.format == "PNG":
                image.verify()  # every chunk's checksum, without holding the pixels
            else:
                image.draft("RGB", (1, 1))  # a JPEG decodes whole, at 1/8 scale
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


def prepare_image(field_file, storage=None):
    """Store a new upload as it came, under a random name nobody is served, and have
    `render_image` make the clean copy and sizes once the row is saved.

    Returns the renditions record to keep meanwhile ({"pending": True, ...}).
    """
    storage = storage or default_storage
    upload = field_file.file
    upload.seek(0)
    with Image.open(upload) as opened:
        fmt = opened.format
    upload.seek(0)
    original_name = field_file.name.rsplit("/", 1)[-1]
    field_file.name = storage.save(f"{INCOMING}{secrets.token_hex(16)}.{EXTENSIONS[fmt]}", upload)
    field_file._committed = True
    pending = getattr(field_file.instance, "_images_to_render", set())
    pending.add(field_file.field.name)
    field_file.instance._images_to_render = pending
    return {"pending": True, "original_name": quote(original_name[:200], safe="")}


def _enqueue_renders(sender, instance, **kwargs):
    """After the row is saved (in its transaction): one render task per new upload."""
    for field in getattr(instance, "_images_to_render", ()):
        render_image.enqueue(instance._meta.label, instance.pk, field,
                             getattr(instance, field).name)
    instance._images_to_render = set()


post_save.connect(_enqueue_renders, dispatch_uid="newsroom-images-render")


def _decode(data, longest):
    """Decode `data` at no more than about `longest` pixels wide, upright, in sRGB."""
    image = Image.open(io.BytesIO(data))
    fmt = image.format
    if fmt == "JPEG":
        # Decode at the smallest 1/1..1/8 scale still at least `longest` wide.
        image.draft(image.mode if image.mode in ("RGB", "L") else "RGB",
                    (longest, max(1, image.height * longest // image.width)))
    image.load()
    icc = image.info.get("icc_profile")
    factor = image.width // longest
    if factor >= 2:
        image = image.reduce(factor)  # integer box shrink: cheap, then resample precisely
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in (ImageCms.getProfileDescription(source) or "").lower():
                mode = "RGBA" if image.mode == "RGBA" else "RGB"
                image = ImageCms.profileToProfile(image.convert(mode), source, SRGB,
                                                  outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            icc = None  # a damaged profile: the pixels are taken as sRGB
    image.info = {}  # nothing from the upload's metadata is written back out
    return fmt, image, SRGB_BYTES if icc else None


def _encode(image, fmt, icc=None):
    """Return `image` encoded as `fmt`, with no metadata but the sRGB profile."""
    if fmt == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    if fmt == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.info = {}
    out = io.BytesIO()
    options = {
        "JPEG": {"quality": 85, "optimize": True, "progressive": True},
        "WEBP": {"quality": 80, "method": 4},
        "PNG": {"optimize": True},
    }[fmt]
    if icc:
        options["icc_profile"] = icc
    image.save(out, fmt, **options)
    return out.getvalue()


def _save_hashed(storage, data, ext):
    """Store `data` under its content hash (the same bytes, the same name: stored once)."""
    name = f"{RENDITIONS}{hashlib.sha256(data).hexdigest()[:32]}.{ext}"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    return name


def render(data, field, storage=None):
    """Make the clean copy and the srcset sizes of the raw upload `data`.

    Return (clean original's name, renditions record).
    """
    storage = storage or default_storage
    fmt, image, icc = _decode(data, settings.IMAGE_ORIGINAL_MAX_WIDTH)
    if image.width > settings.IMAGE_ORIGINAL_MAX_WIDTH:
        image = _resize(image, settings.IMAGE_ORIGINAL_MAX_WIDTH)
    name = field.generate_filename(None, f"{secrets.token_hex(16)}.{EXTENSIONS[fmt]}")
    original = storage.save(name, ContentFile(_encode(image, fmt, icc)))
    fallback = "PNG" if fmt == "PNG" else "JPEG"
    widths = sorted(
        {w for w in settings.IMAGE_WIDTHS if w < image.width}
        | {min(image.width, max(settings.IMAGE_WIDTHS))}
    )
    renditions = {"width": image.width, "height": image.height, "webp": [], "fallback": []}
    for width in reversed(widths):  # each size from the one above: less to resample
        image = image if width == image.width else _resize(image, width)
        for key, out_fmt in (("webp", "WEBP"), ("fallback", fallback)):
            ext = "jpg" if out_fmt == "JPEG" else EXTENSIONS[out_fmt]
            renditions[key].insert(0, [width, _save_hashed(storage, _encode(image, out_fmt, icc),
                                                           ext)])
    return original, renditions


def _resize(image, width):
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


@task()
def render_image(model_label, pk, field_name, incoming):
    """Render the upload `incoming` of row `pk`; idempotent (a row already pointing
    elsewhere is left alone). Returns the clean copy's name, or None."""
    from .caching import LISTING, key, purge

    model = apps.get_model(model_label)
    field = model._meta.get_field(field_name)
    if not model.objects.filter(pk=pk, **{field_name: incoming}).exists():
        return None
    storage = field.storage
    with storage.open(incoming) as raw:
        data = raw.read()
    kept = model.objects.filter(pk=pk).values_list(f"{field_name}_renditions", flat=True).first()
    original, renditions = render(data, field, storage)
    renditions["original_name"] = (kept or {}).get("original_name", "")
    if (kept or {}).get("crops"):  # cut around the focal point when the row was saved
        renditions["crops"] = kept["crops"]
    with transaction.atomic():
        done = model.objects.filter(pk=pk, **{field_name: incoming}).update(
            **{field_name: original, f"{field_name}_renditions": renditions})
        if done:
            purge(key(model._meta.model_name, pk), LISTING)
            history = getattr(model, "history", None)  # revisions show the clean copy too
            if history is not None:
                history.filter(**{field_name: incoming}).update(
                    **{field_name: original, f"{field_name}_renditions": renditions})
    if done:
        storage.delete(incoming)
        logger.info("Rendered %s %s.%s: %s", model_label, pk, field_name, original)
        return original
    storage.delete(original)  # replaced meanwhile; the sizes go with the orphan sweep
    return None



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

    def html(self, *, alt, sizes, priority=False):
        """The `<picture>` element: WebP first, the fallback's sizes on the `<img>`.
        Built here rather than by a template include: a front page shows dozens."""
        sizes, alt = escape(sizes), escape(alt)
        priority = ' fetchpriority="high"' if priority else ""
        return mark_safe(
            f'<picture>\n  <source type="image/webp" srcset="{escape(self.webp_srcset)}" '
            f'sizes="{sizes}">\n  <img src="{escape(self.src)}" '
            f'srcset="{escape(self.fallback_srcset)}" sizes="{sizes}" alt="{alt}" '
            f'width="{self.width}" height="{self.height}" decoding="async"'
            f'{priority}>\n</picture>\n')
