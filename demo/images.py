"""Pictures for the demo stories, drawn with Pillow when the demo loads.

Nothing is downloaded and no photo needs a licence: each story gets a scene or a
chart drawn from its own seed (the same picture every time), with alt text, a
caption and a credit like any photo an editor uploads. Also draws the site's raster
logo and default share image (`DJANGO_SETTINGS_MODULE=newsroom.settings python -m
demo.images` rewrites them in static/).
"""

import io
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# 4:3 and wide enough that the 16:9, 4:3 and 1:1 crops are all >= 1200 px wide.
SIZE = (1600, 1200)
CREDIT = "Illustration: Newsroom demo (generated)"
STATIC = Path(__file__).resolve().parents[1] / "static"


def font(size):
    """Pillow's own scalable font: no system fonts needed."""
    return ImageFont.load_default(size=size)


def gradient(size, top, bottom):
    """A vertical gradient from colour `top` to colour `bottom`."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return image


def ridge(rng, width, base, amplitude, step=40):
    """Points along a jagged ridge line, for hills and mountains."""
    points, y = [], base
    for x in range(0, width + step, step):
        y = max(base - amplitude, min(base + amplitude, y + rng.randint(-amplitude // 3, amplitude // 3)))
        points.append((x, y))
    return points


def harbour(rng, size, night=False):
    width, height = size
    sky = ((18, 28, 64), (70, 60, 110)) if night else ((120, 170, 220), (250, 214, 170))
    image = gradient(size, *sky)
    draw = ImageDraw.Draw(image)
    sun = (rng.randint(200, width - 200), rng.randint(150, 350))
    draw.ellipse([sun[0] - 90, sun[1] - 90, sun[0] + 90, sun[1] + 90],
                 fill=(240, 240, 220) if night else (255, 200, 90))
    horizon = int(height * 0.62)
    draw.polygon([(0, height)] + ridge(rng, width, horizon - 60, 70) + [(width, height)],
                 fill=(40, 70, 60) if not night else (20, 30, 40))
    draw.rectangle([0, horizon, width, height], fill=(30, 90, 140) if not night else (15, 30, 60))
    for y in range(horizon + 20, height, 38):
        for x in range(rng.randint(-40, 0), width, 120):
            draw.arc([x, y, x + 80, y + 24], 200, 340, fill=(200, 225, 240), width=4)
    # The lighthouse on its rock.
    lx = rng.randint(width // 8, width // 3)
    draw.ellipse([lx - 140, horizon - 40, lx + 160, horizon + 60], fill=(60, 55, 50))
    draw.polygon([(lx - 40, horizon), (lx + 40, horizon), (lx + 22, horizon - 420),
                  (lx - 22, horizon - 420)], fill=(245, 245, 240))
    for band in range(3):
        y = horizon - 90 - band * 120
        draw.rectangle([lx - 36 + band * 5, y - 40, lx + 36 - band * 5, y], fill=(190, 40, 40))
    draw.rectangle([lx - 30, horizon - 480, lx + 30, horizon - 420], fill=(255, 230, 120))
    if night:
        draw.polygon([(lx, horizon - 450), (width, horizon - 620), (width, horizon - 380)],
                     fill=(90, 90, 110))
    for _ in range(rng.randint(2, 4)):  # boats
        bx, by = rng.randint(width // 2, width - 160), rng.randint(horizon + 60, height - 120)
        draw.polygon([(bx, by), (bx + 150, by), (bx + 120, by + 40), (bx + 30, by + 40)],
                     fill=(120, 50, 30))
        draw.polygon([(bx + 70, by - 130), (bx + 70, by - 5), (bx + 140, by - 5)], fill=(250, 250, 245))
    return image


def skyline(rng, size):
    width, height = size
    image = gradient(size, (40, 40, 90), (240, 140, 90))
    draw = ImageDraw.Draw(image)
    ground = int(height * 0.8)
    x = 0
    while x < width:
        w, h = rng.randint(90, 200), rng.randint(250, 700)
        shade = rng.randint(30, 70)
        draw.rectangle([x, ground - h, x + w, ground], fill=(shade, shade, shade + 20))
        for wy in range(ground - h + 30, ground - 30, 50):
            for wx in range(x + 15, x + w - 25, 40):
                if rng.random() < 0.55:
                    draw.rectangle([wx, wy, wx + 18, wy + 26], fill=(255, 214, 120))
        x += w + rng.randint(5, 30)
    draw.rectangle([0, ground, width, height], fill=(35, 35, 40))
    # A train on the viaduct.
    draw.rectangle([0, ground + 40, width, ground + 60], fill=(90, 90, 100))
    tx = rng.randint(100, width // 2)
    for car in range(4):
        draw.rounded_rectangle([tx + car * 210, ground - 40, tx + car * 210 + 200, ground + 40],
                               radius=18, fill=(200, 40, 50))
        for wx in range(tx + car * 210 + 20, tx + car * 210 + 180, 45):
            draw.rectangle([wx, ground - 25, wx + 30, ground], fill=(230, 240, 250))
    return image


def mountains(rng, size):
    width, height = size
    image = gradient(size, (150, 190, 230), (230, 240, 250))
    draw = ImageDraw.Draw(image)
    for layer, colour in enumerate([(120, 130, 150), (90, 100, 120), (60, 70, 85)]):
        base = int(height * (0.45 + layer * 0.12))
        line = ridge(rng, width, base, 160 - layer * 30, step=80)
        draw.polygon([(0, height)] + line + [(width, height)], fill=colour)
        if layer == 0:
            for x, y in line:  # snow on the farthest peaks
                if y < base - 40:
                    draw.polygon([(x - 60, y + 60), (x, y), (x + 60, y + 60)], fill=(250, 252, 255))
    draw.rectangle([0, int(height * 0.85), width, height], fill=(70, 130, 170))
    return image


def fields(rng, size):
    width, height = size
    image = gradient(size, (140, 190, 235), (250, 230, 180))
    draw = ImageDraw.Draw(image)
    draw.ellipse([width - 400, 120, width - 220, 300], fill=(255, 220, 120))
    colours = [(214, 180, 80), (190, 160, 60), (120, 150, 70), (225, 195, 95)]
    for band in range(6):
        base = int(height * 0.5) + band * 110
        line = [(x, base + int(30 * math.sin(x / 180 + band))) for x in range(0, width + 40, 40)]
        draw.polygon([(0, height)] + line + [(width, height)], fill=colours[band % len(colours)])
        for x in range(0, width, 24):  # rows of wheat
            y = base + int(30 * math.sin(x / 180 + band))
            draw.line([(x, y + 10), (x + 6, y + 60)], fill=(150, 120, 40), width=3)
    return image


def stage(rng, size, screen=False):
    width, height = size
    image = gradient(size, (20, 10, 25), (60, 20, 30))
    draw = ImageDraw.Draw(image)
    if screen:
        draw.rectangle([width * 0.18, height * 0.12, width * 0.82, height * 0.55], fill=(235, 235, 225))
        draw.polygon([(width * 0.5, height), (width * 0.2, height * 0.55), (width * 0.8, height * 0.55)],
                     fill=(70, 60, 80))
    else:
        draw.polygon([(width * 0.5, 0), (width * 0.25, height * 0.8), (width * 0.75, height * 0.8)],
                     fill=(110, 90, 60))
        draw.ellipse([width * 0.44, height * 0.5, width * 0.56, height * 0.8], fill=(30, 30, 40))
    for side in (0, 1):  # the curtains, in folds
        for fold in range(8):
            x = fold * 40 if side == 0 else width - (fold + 1) * 40
            draw.rectangle([x, 0, x + 38, height], fill=(150 + fold * 6, 20, 35))
    draw.rectangle([0, 0, width, 90], fill=(130, 15, 30))
    for row in range(4):  # the audience
        for x in range(60, width, 90):
            y = height - 60 - row * 70
            draw.ellipse([x + row * 20, y, x + row * 20 + 60, y + 70], fill=(15, 10, 15))
    return image


def depths(rng, size):
    width, height = size
    image = gradient(size, (20, 90, 140), (5, 15, 35))
    draw = ImageDraw.Draw(image)
    floor = ridge(rng, width, int(height * 0.82), 50)
    draw.polygon([(0, height)] + floor + [(width, height)], fill=(40, 35, 35))
    for _ in range(3):  # vents and their plumes
        vx = rng.randint(200, width - 200)
        draw.polygon([(vx - 70, height * 0.86), (vx - 20, height * 0.62), (vx + 20, height * 0.62),
                      (vx + 70, height * 0.86)], fill=(70, 60, 55))
        for n in range(14):
            r = 20 + n * 9
            draw.ellipse([vx - r + n * 6, height * 0.6 - n * 45 - r, vx + r + n * 6, height * 0.6 - n * 45 + r],
                         outline=(150, 150, 160), width=3)
    for _ in range(12):  # fish
        fx, fy = rng.randint(0, width), rng.randint(100, int(height * 0.6))
        draw.ellipse([fx, fy, fx + 60, fy + 24], fill=(240, 170, 60))
        draw.polygon([(fx, fy + 12), (fx - 25, fy), (fx - 25, fy + 24)], fill=(240, 170, 60))
    return image


def market(rng, size):
    width, height = size
    image = gradient(size, (25, 30, 70), (90, 60, 110))
    draw = ImageDraw.Draw(image)
    for string in range(3):  # strings of lights
        y0 = 120 + string * 110
        points = [(x, y0 + int(60 * math.sin(x / width * math.pi))) for x in range(0, width + 50, 50)]
        draw.line(points, fill=(60, 60, 60), width=3)
        for x, y in points:
            draw.ellipse([x - 10, y, x + 10, y + 20], fill=rng.choice([(255, 220, 110), (255, 150, 90), (160, 230, 255)]))
    for stall in range(5):
        x = 40 + stall * 310
        colour = rng.choice([(200, 50, 50), (40, 120, 180), (230, 160, 40), (60, 150, 90)])
        for stripe in range(6):
            draw.rectangle([x + stripe * 45, 600, x + stripe * 45 + 44, 700],
                           fill=colour if stripe % 2 == 0 else (245, 240, 230))
        draw.rectangle([x + 10, 700, x + 260, 1000], fill=(110, 80, 50))
        draw.rectangle([x + 30, 730, x + 240, 800], fill=(255, 200, 120))
    draw.rectangle([0, 1000, width, height], fill=(50, 45, 50))
    return image


def chart(rng, size, title, kind="bars", falling=False):
    width, height = size
    image = Image.new("RGB", size, (250, 249, 246))
    draw = ImageDraw.Draw(image)
    # Inside the part every crop keeps (16:9, 4:3 and 1:1 of a 4:3 picture).
    left, top, right, bottom = 330, 300, width - 240, height - 220
    draw.text((left - 90, 180), title, font=font(52), fill=(30, 30, 35))
    for n in range(6):
        y = bottom - n * (bottom - top) / 5
        draw.line([(left, y), (right, y)], fill=(215, 212, 205), width=2)
        draw.text((left - 110, y - 22), f"{n * 20}", font=font(40), fill=(90, 90, 100))
    draw.line([(left, top), (left, bottom), (right, bottom)], fill=(40, 40, 45), width=4)
    values, value = [], rng.uniform(35, 55)
    for _ in range(12):
        value = max(8, min(96, value + rng.uniform(-8, 3) if falling else value + rng.uniform(-3, 8)))
        values.append(value)
    step = (right - left) / len(values)
    months = "JFMAMJJASOND"
    points = []
    for n, v in enumerate(values):
        x = left + n * step
        y = bottom - v / 100 * (bottom - top)
        points.append((x + step / 2, y))
        if kind == "bars":
            draw.rectangle([x + 14, y, x + step - 14, bottom], fill=(139, 30, 30) if n == 11 else (30, 90, 139))
        draw.text((x + step / 2 - 12, bottom + 20), months[n], font=font(40), fill=(90, 90, 100))
    if kind == "line":
        draw.line(points, fill=(139, 30, 30), width=10, joint="curve")
        for x, y in points:
            draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=(139, 30, 30))
    return image


# slug: (scene, options, alt text, caption)
PICTURES = {
    "storm-eleanor-live": (
        "harbour", {"night": True}, "Waves breaking over a harbour wall below a lighthouse at night.",
        "The old harbour wall as Storm Eleanor came ashore."),
    "venezuela-releases-over-130-political-prisoners": (
        "skyline", {}, "A city skyline at dusk, lit windows in tall buildings, a red train crossing a viaduct.",
        "Caracas at dusk: families waited outside detention centres into the night."),
    "marenland-coastal-towns-pool-flood-defences": (
        "harbour", {}, "A red and white lighthouse on a rock above a choppy sea, with fishing boats and green hills.",
        "The Marenland coast, where three towns will share one flood barrier."),
    "kestova-drevnia-rail-link-reopens": (
        "skyline", {}, "A red passenger train on a viaduct in front of a city skyline at sunset.",
        "The first through train crosses the border viaduct."),
    "sant-oriel-first-online-census": (
        "chart", {"title": "Census returns filed online, % by month", "kind": "line"},
        "A line chart of the share of census returns filed online, rising over twelve months.",
        "Online returns overtook paper forms by midsummer."),
    "ardent-strait-fishing-seasonal-closures": (
        "harbour", {}, "Fishing boats with white sails on a blue strait below a lighthouse.",
        "Boats in the Ardent Strait before the seasonal closure."),
    "wexley-mill-battery-recycling-plant": (
        "chart", {"title": "Batteries recycled at Wexley, tonnes by month"},
        "A bar chart of tonnes of batteries recycled each month, rising through the year.",
        "Throughput at the Wexley Mill plant in its first year."),
    "northmere-building-society-first-loss": (
        "chart", {"title": "Northmere monthly result, index", "kind": "line", "falling": True},
        "A line chart of the building society's monthly results, falling through the year.",
        "Northmere's results slid through the second half."),
    "brackenford-grocers-delivery-cooperative": (
        "market", {}, "Striped market stalls under strings of lights at dusk.",
        "Brackenford's grocers pooled their vans last spring."),
    "calder-shelf-hydrothermal-vents-survey": (
        "depths", {}, "Smoking vents on a dark sea floor, plumes rising, orange fish swimming above.",
        "An artist's view of the Calder Shelf vents surveyed this month."),
    "hollin-glacier-earliest-melt-record": (
        "mountains", {}, "Layered grey mountains with snow on the highest peaks above a blue lake.",
        "The Hollin valley, where the glacier began melting in March."),
    "ostler-valley-heirloom-wheat-revived": (
        "fields", {}, "Rolling golden fields of wheat under a pale sun.",
        "Heirloom wheat ripening in the Ostler Valley."),
    "valdera-opera-house-reopens": (
        "stage", {}, "A spotlit stage between red velvet curtains, the audience in silhouette.",
        "The restored stage of the Valdera Opera House."),
    "lighthouse-keepers-debut-novel-bestseller": (
        "harbour", {"night": True}, "A lighthouse at night, its beam sweeping over a dark sea under a full moon.",
        "The lighthouse where the novel was written, by night."),
    "port-ellery-street-food-festival-record": (
        "market", {}, "Food stalls with striped awnings under strings of coloured lights.",
        "Port Ellery's harbour front on the festival's busiest night."),
    "linden-park-open-air-cinema-returns": (
        "stage", {"screen": True}, "A bright cinema screen between red curtains, rows of people watching.",
        "The open-air screen in Linden Park."),
}
SCENES = {"harbour": harbour, "skyline": skyline, "mountains": mountains, "fields": fields,
          "stage": stage, "depths": depths, "market": market, "chart": chart}


def picture(slug):
    """(JPEG bytes, alt, caption) of the demo picture for `slug`, or None."""
    if slug not in PICTURES:
        return None
    scene, options, alt, caption = PICTURES[slug]
    image = SCENES[scene](random.Random(slug), SIZE, **options)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue(), alt, caption


def draw_brand(name="Newsroom"):
    """The raster logo (600x120) and default share image (1200x630) in static/."""
    logo = Image.new("RGBA", (600, 120), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.rounded_rectangle([0, 10, 100, 110], radius=16, fill=(139, 30, 30))
    draw.text((50, 60), name[0], font=font(80), fill=(255, 255, 255), anchor="mm")
    draw.text((125, 60), name, font=font(76), fill=(29, 29, 31), anchor="lm")
    logo.save(STATIC / "logo.png", optimize=True)
    share = gradient((1200, 630), (139, 30, 30), (70, 15, 15))
    draw = ImageDraw.Draw(share)
    draw.text((600, 270), name, font=font(150), fill=(255, 255, 255), anchor="mm")
    draw.text((600, 410), "Independent news", font=font(56), fill=(245, 225, 225), anchor="mm")
    share.save(STATIC / "og-default.png", optimize=True)


if __name__ == "__main__":
    draw_brand()
