"""Draw the demo's pictures locally with Pillow, so the demo needs no downloads."""

import io
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int]


def _gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    width, height = size
    picture = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return picture


def _coffee(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    for _ in range(70):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(36, 60), rng.randrange(24, 40)
        shade = rng.randrange(50, 95)
        draw.ellipse([x, y, x + w, y + h], fill=(shade + 40, shade, shade // 2))
        draw.arc([x + w // 4, y, x + 3 * w // 4, y + h], 90, 270, fill=(30, 18, 10), width=3)


def _batik(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    step = rng.choice([90, 110, 130])
    ink = rng.choice([(46, 40, 92), (92, 52, 24), (20, 60, 80)])
    for cx in range(0, width + step, step):
        for cy in range(0, height + step, step):
            r = step // 4
            # The kawung motif: four petals around a point.
            for dx, dy in ((-r, 0), (r, 0), (0, -r), (0, r)):
                box = [cx + dx - r // 2 - 8, cy + dy - r // 2 - 8, cx + dx + r // 2 + 8]
                draw.ellipse([*box, cy + dy + r // 2 + 8], outline=ink, width=5)
            draw.ellipse([cx - 6, cy - 6, cx + 6, cy + 6], fill=ink)


def _skincare(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(30, 120)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(150, 190, 140))
    left, top = width // 2 - 110, height // 2 - 170
    draw.rounded_rectangle([left, top + 70, left + 220, top + 380], radius=40, fill=(250, 250, 245))
    draw.rectangle([left + 70, top, left + 150, top + 75], fill=(60, 60, 60))


def _scene(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    draw.ellipse([width * 0.65, height * 0.12, width * 0.8, height * 0.36], fill=(255, 214, 140))
    for layer, colour in enumerate([(96, 128, 92), (70, 104, 70), (48, 80, 52)]):
        base = height * (0.55 + layer * 0.12)
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base - rng.randrange(0, int(height * 0.15))))
        points.append((width, height))
        draw.polygon(points, fill=colour)


STYLES: dict[str, tuple[Colour, Colour, Callable]] = {
    "coffee": ((120, 78, 48), (52, 30, 18), _coffee),
    "batik": ((236, 220, 190), (210, 180, 140), _batik),
    "skincare": ((248, 228, 222), (226, 236, 224), _skincare),
    "scene": ((250, 200, 160), (180, 210, 230), _scene),
}


def draw_picture(style: str, caption: str, seed: int, size: tuple[int, int] = (1200, 900)) -> bytes:
    """Return a JPEG picture in `style` (a key of STYLES) with `caption` along the bottom."""
    top, bottom, pattern = STYLES[style]
    picture = _gradient(size, top, bottom)
    draw = ImageDraw.Draw(picture)
    pattern(draw, size, random.Random(seed))
    font = ImageFont.load_default(size=max(size[0] // 24, 16))
    band_top = size[1] - size[1] // 6
    draw.rectangle([0, band_top, size[0], size[1]], fill=(255, 255, 255))
    draw.text((size[0] // 30, band_top + size[1] // 24), caption, fill=(31, 26, 23), font=font)
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=82)
    return output.getvalue()
