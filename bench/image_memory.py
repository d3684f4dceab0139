"""Peak memory and time of one image upload's processing, in a fresh process each.

    python -m bench.image_memory            # this tree's code (validate in the request,
                                            # then the render_image task's work)
    python -m bench.image_memory --rev REV  # newsroom/images.py as it was at git REV

Inputs are made here: a 36-megapixel PNG (7360×4912) and a 24-megapixel JPEG
(6000×4000). Peak = the process's maximum resident set size (ru_maxrss); added = that
minus what it held just before the processing; time = wall clock of the processing alone.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {"png36": ("PNG", (7360, 4912)), "jpeg24": ("JPEG", (6000, 4000))}


def make_image(fmt, size):
    from PIL import Image, ImageDraw

    image = Image.radial_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 97):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(x % 255, 90, 200), width=9)
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {"optimize": False}))
    return out.getvalue()


def _rss_kb():
    """This process's resident memory now (kB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def child(case, rev, media, source_dir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.update(MEDIA_ROOT=media, IMAGE_MAX_UPLOAD_BYTES=str(200 * 2**20))
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    fmt, size = CASES[case]
    data = (Path(source_dir) / case).read_bytes()
    upload = SimpleUploadedFile(f"upload.{fmt.lower()}", data)
    if rev:
        source = subprocess.run(["git", "show", f"{rev}:newsroom/images.py"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
        module = type(sys)("old_images")
        exec(compile(source, "old_images.py", "exec"), module.__dict__)

        class Field:  # what the old prepare_image used of a FieldFile
            file, name = upload, upload.name

            def save(self, name, content, save=False):
                self.name = default_storage.save(f"articles/{name}", content)

        work = [lambda: module.validate_image(upload), lambda: module.prepare_image(Field())]
    else:
        from articles.models import Article
        from newsroom import images

        field = Article._meta.get_field("featured_image")
        work = [lambda: images.validate_image(upload), lambda: images.render(data, field)]
    upload._committed = False
    import gc

    gc.collect()
    before = _rss_kb()
    started = time.perf_counter()
    for step in work:
        step()
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"case": case, "rev": rev or "this tree", "bytes": len(data),
                      "peak_mb": round(peak / 1024), "added_mb": round((peak - before) / 1024),
                      "seconds": round(took, 2)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rev", default="")
    parser.add_argument("--child", default="")
    parser.add_argument("--inputs", default="")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.rev, tempfile.mkdtemp(), args.inputs)
    inputs = tempfile.mkdtemp()
    for case, (fmt, size) in CASES.items():  # made here, so the measured process only reads
        (Path(inputs) / case).write_bytes(make_image(fmt, size))
    for case in CASES:
        subprocess.run([sys.executable, "-m", "bench.image_memory", "--child", case,
                        "--rev", args.rev, "--inputs", inputs], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
