"""Crops of a photo around its focal point, for teasers and structured data.

16:9, 4:3 and 1:1 copies, each in the srcset widths, cut so the point the editor
clicked (the subject's face, say) stays in frame. Rendered from the already cleaned
copy, so no metadata comes back in.
"""

import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from .images import EXTENSIONS, _encode

RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
CENTRE = (50, 50)


def crop_box(width, height, ratio, focus=CENTRE):
    """The largest box of `ratio` inside width×height, centred on `focus` (percent),
    pushed back inside the picture where the point is near an edge."""
    across, down = ratio
    if width * down > height * across:  # wider than the ratio: trim the sides
        box_w, box_h = round(height * across / down), height
    else:  # taller: trim top and bottom
        box_w, box_h = width, round(width * down / across)
    centre_x, centre_y = focus[0] / 100 * width, focus[1] / 100 * height
    left = min(max(round(centre_x - box_w / 2), 0), width - box_w)
    top = min(max(round(centre_y - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def render_crops(field_file, focus=CENTRE, storage=None):
    """Return {"focus": [x, y], "16x9": {"webp": [[w, name]], "fallback": [...]}, ...}."""
    storage = storage or default_storage
    field_file.open("rb")
    try:
        with Image.open(field_file) as opened:
            fmt = opened.format
            opened.load()
            image = opened.copy()
    finally:
        field_file.close()
    fallback = "PNG" if fmt == "PNG" else "JPEG"
    folder = f"renditions/{secrets.token_hex(8)}"
    crops = {"focus": list(focus)}
    for name, ratio in RATIOS.items():
        cropped = image.crop(crop_box(image.width, image.height, ratio, focus))
        widths = sorted(
            {w for w in settings.IMAGE_WIDTHS if w < cropped.width}
            | {min(cropped.width, max(settings.IMAGE_WIDTHS))}
        )
        crops[name] = {"webp": [], "fallback": []}
        for width in widths:
            height = max(1, round(cropped.height * width / cropped.width))
            sized = cropped if width == cropped.width else cropped.resize(
                (width, height), Image.Resampling.LANCZOS)
            for key, out_fmt in (("webp", "WEBP"), ("fallback", fallback)):
                ext = "jpg" if out_fmt == "JPEG" else EXTENSIONS[out_fmt]
                stored = storage.save(f"{folder}/{name}-{width}w.{ext}",
                                      ContentFile(_encode(sized, out_fmt)))
                crops[name][key].append([width, stored])
    return crops


def crop_picture(renditions, name):
    """A `Picture` of one crop (e.g. "16x9"), or None if it has not been rendered."""
    from .images import Picture

    crop = (renditions or {}).get("crops", {}).get(name)
    if not crop or not crop.get("fallback"):
        return None
    across, down = RATIOS[name]
    widest = crop["fallback"][-1][0]
    return Picture.from_renditions({
        "width": widest, "height": round(widest * down / across),
        "webp": crop["webp"], "fallback": crop["fallback"],
    })
