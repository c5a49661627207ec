"""Draws itisa/core/static/favicon.ico (16, 32 and 48 px) from the same geometry as favicon.svg (ADR 0020).

Run: .venv/bin/python scripts/make_favicon.py  (Pillow, which weasyprint already installs)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "itisa" / "core" / "static" / "favicon.ico"
RED, WHITE, GOLD = (164, 22, 26, 255), (255, 255, 255, 255), (224, 178, 60, 255)
NODES = [(16, 7), (8, 22), (24, 22)]
CENTRE = (16, 16)


def draw(size: int) -> Image.Image:
    scale = 8  # drawn large, then reduced: smooth edges
    k = size * scale / 32
    img = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, size * scale - 1, size * scale - 1), radius=6 * k, fill=RED)
    pts = [(x * k, y * k) for x, y in NODES]
    c = (CENTRE[0] * k, CENTRE[1] * k)
    for a, b in [(pts[0], pts[1]), (pts[0], pts[2]), (pts[1], pts[2]), (c, pts[0]), (c, pts[1]), (c, pts[2])]:
        d.line([a, b], fill=WHITE, width=max(1, round(2.2 * k)))
    for x, y in pts:
        r = 3.2 * k
        d.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
    r = 3.4 * k
    d.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=GOLD, outline=WHITE, width=max(1, round(1.2 * k)))
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    images = [draw(s) for s in (16, 32, 48)]
    images[-1].save(OUT, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)], append_images=images[:-1])
    print(OUT)


if __name__ == "__main__":
    main()
