"""Demo pictures and a PDF drawn with Pillow: no downloads, the same bytes for the same seed."""

import io
import random

from PIL import Image, ImageDraw

PALETTES = [
    ((183, 28, 28), (255, 213, 79)),
    ((21, 101, 192), (129, 212, 250)),
    ((46, 125, 50), (200, 230, 201)),
    ((94, 53, 177), (209, 196, 233)),
    ((239, 108, 0), (255, 224, 178)),
    ((55, 71, 79), (176, 190, 197)),
]


def draw_picture(seed, size=(1200, 675)):
    """An abstract 'workshop' picture: a gradient sky, machinery-like blocks and gears."""
    rng = random.Random(seed)
    dark, light = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(light[i] * (1 - t) + dark[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(6):
        x, y = rng.randrange(0, width - 200), rng.randrange(height // 3, height - 120)
        w, h = rng.randrange(120, 360), rng.randrange(60, 200)
        draw.rectangle([x, y, x + w, y + h], fill=tuple(max(0, c - 40) for c in dark), outline=light, width=4)
    for _ in range(3):
        cx, cy, r = rng.randrange(100, width - 100), rng.randrange(80, height - 80), rng.randrange(30, 90)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(255, 255, 255), width=8)
        draw.ellipse([cx - r // 3, cy - r // 3, cx + r // 3, cy + r // 3], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def draw_pdf(seed):
    """A one-page PDF standing in for a project's technical summary."""
    image = Image.open(io.BytesIO(draw_picture(seed, size=(595, 842))))
    buffer = io.BytesIO()
    image.save(buffer, format="PDF")
    return buffer.getvalue()
