"""Dibujos de muestra para Voces / Sample drawings for Voces.

Genera en ``content/dibujos/`` dibujos a lápiz hechos con Pillow, como si una
compañera hubiera fotografiado su dibujo con el teléfono: papel crema un poco
desparejo, una sombra suave, grano, trazos que tiemblan. Cada JPEG lleva EXIF
falso (marca y modelo de teléfono, fecha, coordenadas GPS en el mar, y el texto
``MUESTRA-GPS`` en ImageDescription) para que el proceso de imágenes tenga
metadatos reales que borrar.

Generates pencil drawings made with Pillow in ``content/dibujos/``, looking like
a phone photo of a drawing, with fake EXIF (make, model, date, GPS coordinates
in the Pacific Ocean, ``MUESTRA-GPS`` in ImageDescription) for the image
pipeline to strip. Deterministic: the same seeds give the same pixels.

Uso / usage::

    .venv/bin/python scripts/make_sample_drawings.py [--out content/dibujos] [--only NOMBRE]
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

logger = logging.getLogger("make_sample_drawings")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "content" / "dibujos"

LANDSCAPE = (3000, 2250)
PORTRAIT = (2250, 3000)
JPEG_QUALITY = 88
MAX_BYTES = 1_500_000

PAPER = (238, 233, 220)
GRAPHITE = (62, 60, 66)
INK = (28, 30, 46)

# Fake metadata. The coordinates are in the Pacific Ocean, off the coast of
# Chiapas: obviously nobody's home, but real GPS tags for the pipeline to strip.
EXIF_MAKE = "MuestraFon"
EXIF_MODEL = "M-1 (muestra)"
EXIF_DESCRIPTION = "MUESTRA-GPS dibujo de muestra, no es una foto real"
TAG_IMAGE_DESCRIPTION = 0x010E
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
TAG_SOFTWARE = 0x0131
TAG_DATETIME = 0x0132
TAG_ARTIST = 0x013B
TAG_EXIF_IFD = 0x8769
TAG_GPS_IFD = 0x8825
TAG_DATETIME_ORIGINAL = 0x9003
TAG_BODY_SERIAL = 0xA431


# --- Strokes -------------------------------------------------------------------------


class Pencil:
    """Draws wobbly, doubled strokes in normalised coordinates (0..1 of the sheet)."""

    def __init__(self, image: Image.Image, rng: random.Random, colour=GRAPHITE, width=5):
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.rng = rng
        self.colour = colour
        self.width = width
        self.w, self.h = image.size
        self.unit = min(self.w, self.h)

    def px(self, point):
        return (point[0] * self.w, point[1] * self.h)

    def _wobble(self, points, amount):
        """Densify a polyline and push it sideways with smooth, seeded noise."""
        pts = [self.px(p) for p in points]
        dense = []
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) / 10))
            for i in range(steps):
                t = i / steps
                dense.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
        dense.append(pts[-1])
        amp = amount * self.unit
        phase_a, phase_b = self.rng.uniform(0, 6.3), self.rng.uniform(0, 6.3)
        freq_a, freq_b = self.rng.uniform(0.01, 0.03), self.rng.uniform(0.05, 0.09)
        drift_x = drift_y = 0.0
        out = []
        for i, (x, y) in enumerate(dense):
            drift_x = drift_x * 0.9 + self.rng.gauss(0, 0.25)
            drift_y = drift_y * 0.9 + self.rng.gauss(0, 0.25)
            off = math.sin(i * freq_a + phase_a) + 0.4 * math.sin(i * freq_b + phase_b)
            out.append(
                (x + off * amp + drift_x * amp * 0.5, y + off * amp * 0.7 + drift_y * amp * 0.5)
            )
        return out

    def blank(self, points):
        """Cover what was drawn inside a shape with the paper colour found there."""
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        centre = self.px((sum(xs) / len(xs), sum(ys) / len(ys)))
        colour = self.image.getpixel((int(centre[0]), int(centre[1])))
        if sum(colour) < 500:  # landed on a line: use the sheet's colour
            colour = PAPER
        self.draw.polygon([self.px(p) for p in points], fill=colour)

    def stroke(self, points, passes=2, amount=0.0012, width=None, colour=None):
        width = width or self.width
        colour = colour or self.colour
        for n in range(passes):
            path = self._wobble(points, amount)
            shade = tuple(min(255, c + 28 * n) for c in colour)
            self.draw.line(path, fill=shade, width=max(2, width - n), joint="curve")

    def curve(self, *controls, n=40, **kw):
        self.stroke(bezier(controls, n), **kw)

    def ellipse(self, cx, cy, rx, ry, start=0.0, end=360.0, **kw):
        # A hand-drawn circle overshoots its start a little.
        overshoot = self.rng.uniform(8, 22) if end - start >= 360 else 0
        self.stroke(arc_points(cx, cy, rx, ry, start, end + overshoot), **kw)

    def hatch(self, x0, y0, x1, y1, spacing=0.02, slant=0.3, **kw):
        """Diagonal shading lines inside a box."""
        kw.setdefault("passes", 1)
        kw.setdefault("width", max(2, self.width - 2))
        x = x0
        while x < x1:
            self.stroke([(x, y1), (min(x1, x + slant * (y1 - y0)), y0)], **kw)
            x += spacing


def bezier(controls, n=40):
    """Points along a Bézier curve of any degree (de Casteljau)."""
    out = []
    for i in range(n + 1):
        t = i / n
        pts = list(controls)
        while len(pts) > 1:
            pts = [
                (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in zip(pts, pts[1:])
            ]
        out.append(pts[0])
    return out


def arc_points(cx, cy, rx, ry, start, end, n=None):
    n = n or max(12, int(abs(end - start) / 4))
    return [
        (
            cx + rx * math.cos(math.radians(start + (end - start) * i / n)),
            cy + ry * math.sin(math.radians(start + (end - start) * i / n)),
        )
        for i in range(n + 1)
    ]


# --- Paper and photo -----------------------------------------------------------------


def paper(size, rng: random.Random) -> Image.Image:
    """Off-white paper with soft blotches and the shadow of the phone across it."""
    small_w, small_h = 48, 36
    blotch = Image.frombytes("L", (small_w, small_h), rng.randbytes(small_w * small_h))
    blotch = blotch.filter(ImageFilter.GaussianBlur(1.5)).point(lambda v: 128 + (v - 128) // 10)
    # Shadow: darker toward one side, plus a soft vignette, computed small then enlarged.
    angle = rng.uniform(0, 2 * math.pi)
    dx, dy = math.cos(angle), math.sin(angle)
    shadow = Image.new("L", (small_w, small_h))
    shadow.putdata(
        [
            int(
                255
                - 44 * max(0.0, (x / small_w - 0.5) * dx + (y / small_h - 0.5) * dy + 0.25)
                - 18 * ((x / small_w - 0.5) ** 2 + (y / small_h - 0.5) ** 2)
            )
            for y in range(small_h)
            for x in range(small_w)
        ]
    )
    shade = ImageChops.multiply(
        shadow,
        ImageChops.add(blotch, Image.new("L", blotch.size, 255 - 128 - 8), scale=1.0, offset=0),
    )
    shade = shade.resize(size, Image.Resampling.BICUBIC)
    base = Image.new("RGB", size, PAPER)
    return ImageChops.multiply(base, Image.merge("RGB", [shade] * 3))


def photo_finish(image: Image.Image, rng: random.Random) -> Image.Image:
    """Soften the graphite a little and add sensor grain, like a phone photo."""
    image = image.filter(ImageFilter.GaussianBlur(1.1))
    w, h = image.size
    grain = Image.frombytes("L", (w // 3, h // 3), rng.randbytes((w // 3) * (h // 3)))
    grain = grain.resize((w, h), Image.Resampling.BILINEAR).point(lambda v: 128 + (v - 128) // 40)
    return ImageChops.add(image, Image.merge("RGB", [grain] * 3), scale=1.0, offset=-128)


def fake_exif(index: int):
    exif = Image.Exif()
    exif[TAG_IMAGE_DESCRIPTION] = EXIF_DESCRIPTION
    exif[TAG_MAKE] = EXIF_MAKE
    exif[TAG_MODEL] = EXIF_MODEL
    exif[TAG_SOFTWARE] = "Camara de muestra 1.0"
    exif[TAG_ARTIST] = "MUESTRA-AUTORA"
    stamp = f"2026:09:{10 + index:02d} 1{index % 10}:2{index % 6}:00"
    exif[TAG_DATETIME] = stamp
    exif[TAG_EXIF_IFD] = {
        TAG_DATETIME_ORIGINAL: stamp,
        TAG_BODY_SERIAL: f"MUESTRA-SERIE-{index:04d}",
    }
    exif[TAG_GPS_IFD] = {
        0: b"\x02\x02\x00\x00",  # GPSVersionID
        1: "N",
        2: (14.0, 21.0, 10.0 + index),  # 14°21' N, in the sea off Chiapas
        3: "W",
        4: (92.0, 58.0, 5.0 + index),
    }
    return exif


# --- The drawings --------------------------------------------------------------------


def woman_from_behind(p: Pencil, x, y, s, backpack=True):
    """A woman seen from behind (no face): head, hair, dress, legs, backpack."""
    p.blank(
        [
            (x - 0.07 * s, y + 0.13 * s),
            (x - 0.12 * s, y + 0.48 * s),
            (x + 0.12 * s, y + 0.48 * s),
            (x + 0.07 * s, y + 0.13 * s),
        ]
    )  # what is behind her does not show through
    p.blank(arc_points(x, y, 0.045 * s, 0.06 * s, 0, 360))
    p.ellipse(x, y, 0.045 * s, 0.06 * s)
    p.ellipse(x, y - 0.07 * s, 0.025 * s, 0.02 * s, width=4)  # bun
    p.curve((x - 0.04 * s, y), (x - 0.05 * s, y + 0.06 * s), (x - 0.02 * s, y + 0.08 * s))  # hair
    p.curve((x + 0.04 * s, y), (x + 0.05 * s, y + 0.06 * s), (x + 0.02 * s, y + 0.08 * s))
    p.stroke(
        [
            (x - 0.07 * s, y + 0.13 * s),
            (x - 0.12 * s, y + 0.48 * s),
            (x + 0.12 * s, y + 0.48 * s),
            (x + 0.07 * s, y + 0.13 * s),
            (x - 0.07 * s, y + 0.13 * s),
        ]
    )
    p.stroke([(x - 0.05 * s, y + 0.48 * s), (x - 0.055 * s, y + 0.62 * s)])
    p.stroke([(x + 0.05 * s, y + 0.48 * s), (x + 0.055 * s, y + 0.62 * s)])
    p.stroke([(x - 0.075 * s, y + 0.15 * s), (x - 0.11 * s, y + 0.33 * s)])
    p.stroke([(x + 0.075 * s, y + 0.15 * s), (x + 0.11 * s, y + 0.33 * s)])
    if backpack:
        p.stroke(
            [
                (x - 0.06 * s, y + 0.16 * s),
                (x - 0.065 * s, y + 0.34 * s),
                (x + 0.065 * s, y + 0.34 * s),
                (x + 0.06 * s, y + 0.16 * s),
                (x - 0.06 * s, y + 0.16 * s),
            ],
            width=6,
        )
        p.stroke([(x - 0.05 * s, y + 0.25 * s), (x + 0.05 * s, y + 0.25 * s)], width=4)
        p.hatch(
            x - 0.055 * s, y + 0.26 * s, x + 0.055 * s, y + 0.33 * s, spacing=0.012 * s, slant=0.2
        )


def tree(p: Pencil, x, y, s):
    """A trunk and a scalloped crown, like a child would draw a ceiba."""
    p.stroke([(x - 0.006, y), (x - 0.003, y - 0.1 * s)], width=6)
    p.stroke([(x + 0.008, y), (x + 0.005, y - 0.1 * s)], width=6)
    cx, cy, r = x, y - 0.17 * s, 0.075 * s
    lumps = p.rng.randint(6, 8)
    crown = [
        (
            cx + r * 0.75 * (1 + 0.13 * abs(math.sin(lumps * t / 2))) * math.cos(t),
            cy + r * (1 + 0.13 * abs(math.sin(lumps * t / 2))) * math.sin(t),
        )
        for t in (2 * math.pi * i / 90 for i in range(96))
    ]
    p.stroke(crown, passes=1)


def draw_river(p: Pencil):
    p.stroke([(0.03, 0.42), (0.35, 0.40), (0.62, 0.43), (0.97, 0.41)])  # far bank
    for x in (0.1, 0.22, 0.7, 0.85):
        tree(p, x, 0.41, 1.6)
    p.ellipse(0.5, 0.14, 0.045, 0.06)  # sun
    for a in range(0, 360, 40):
        r0, r1 = 0.06, 0.085
        p.stroke(
            [
                (
                    0.5 + r0 * math.cos(math.radians(a)) * 0.75,
                    0.14 + r0 * math.sin(math.radians(a)),
                ),
                (
                    0.5 + r1 * math.cos(math.radians(a)) * 0.75,
                    0.14 + r1 * math.sin(math.radians(a)),
                ),
            ],
            passes=1,
            width=4,
        )
    for i, y in enumerate((0.47, 0.52, 0.57, 0.62)):
        xs = [0.04 + 0.06 * k for k in range(16)]
        p.stroke(
            [(x, y + 0.008 * math.sin(k * 1.7 + i)) for k, x in enumerate(xs)], passes=1, width=4
        )
    p.stroke([(0.02, 0.68), (0.4, 0.66), (0.7, 0.7), (0.98, 0.67)])  # near bank
    for x in (0.08, 0.15, 0.82, 0.9, 0.95):
        p.stroke([(x, 0.72), (x - 0.01, 0.68)], passes=1, width=3)
        p.stroke([(x + 0.006, 0.72), (x + 0.015, 0.685)], passes=1, width=3)
    woman_from_behind(p, 0.5, 0.52, 0.55)


def draw_hands(p: Pencil):
    # Two forearms meet in the middle; fingers wrap around the other hand.
    p.stroke([(0.02, 0.50), (0.38, 0.47)])
    p.stroke([(0.02, 0.70), (0.36, 0.64)])
    p.stroke([(0.98, 0.48), (0.62, 0.46)])
    p.stroke([(0.98, 0.70), (0.64, 0.64)])
    p.hatch(0.02, 0.62, 0.2, 0.69, spacing=0.015, slant=0.5)  # sleeve shading
    p.stroke([(0.2, 0.48), (0.2, 0.68)], width=4)  # cuff
    p.stroke([(0.8, 0.47), (0.8, 0.68)], width=4)
    p.curve((0.38, 0.47), (0.45, 0.40), (0.55, 0.40), (0.62, 0.46))
    p.curve((0.36, 0.64), (0.45, 0.72), (0.56, 0.71), (0.64, 0.64))
    for k in range(4):  # fingers of the left hand over the right one
        x = 0.47 + k * 0.035
        p.curve((x, 0.42), (x + 0.03, 0.47), (x + 0.025, 0.56), (x - 0.005, 0.60), width=4)
    p.curve((0.40, 0.50), (0.44, 0.56), (0.48, 0.60), width=4)  # thumb
    p.curve((0.60, 0.50), (0.57, 0.56), (0.53, 0.62), width=4)
    # A small heart above, drawn in one go.
    hx, hy, r = 0.5, 0.22, 0.05
    p.stroke(
        bezier(
            [
                (hx, hy + r * 1.6),
                (hx - r * 2.2, hy + r * 0.2),
                (hx - r * 0.9, hy - r * 1.4),
                (hx, hy - r * 0.3),
            ]
        )
        + bezier(
            [
                (hx, hy - r * 0.3),
                (hx + r * 0.9, hy - r * 1.4),
                (hx + r * 2.2, hy + r * 0.2),
                (hx, hy + r * 1.6),
            ]
        )
    )


def draw_house(p: Pencil):
    p.stroke([(0.2, 0.42), (0.2, 0.8), (0.8, 0.8), (0.8, 0.42)])
    p.stroke([(0.14, 0.44), (0.5, 0.2), (0.86, 0.44), (0.14, 0.44)])  # roof
    for k in range(1, 6):
        p.stroke(
            [(0.14 + 0.06 * k, 0.44 - 0.04 * k), (0.14 + 0.06 * k + 0.02, 0.44)], passes=1, width=3
        )
    p.stroke([(0.28, 0.8), (0.28, 0.56), (0.42, 0.56), (0.42, 0.8)])  # door
    p.ellipse(0.395, 0.69, 0.008, 0.006, passes=1)
    p.stroke([(0.55, 0.52), (0.73, 0.52), (0.73, 0.65), (0.55, 0.65), (0.55, 0.52)])  # window
    p.stroke([(0.64, 0.52), (0.64, 0.65)], width=4)
    p.curve((0.55, 0.52), (0.6, 0.57), (0.57, 0.65), passes=1, width=3)  # curtains
    p.curve((0.73, 0.52), (0.68, 0.57), (0.71, 0.65), passes=1, width=3)
    # Flower pot by the door.
    p.stroke([(0.47, 0.8), (0.455, 0.72), (0.545, 0.72), (0.53, 0.8)])
    p.stroke([(0.45, 0.72), (0.55, 0.72)], width=6)
    for dx, top in ((-0.02, 0.62), (0.0, 0.58), (0.025, 0.63)):
        p.curve((0.5, 0.72), (0.5 + dx, 0.68), (0.5 + dx, top), passes=1, width=4)
        for a in range(0, 360, 72):
            p.ellipse(
                0.5 + dx + 0.013 * math.cos(math.radians(a)),
                top + 0.01 * math.sin(math.radians(a)),
                0.011,
                0.008,
                passes=1,
                width=3,
            )
    p.curve((0.5, 0.7), (0.47, 0.67), (0.46, 0.69), passes=1, width=3)  # leaf
    p.stroke([(0.04, 0.8), (0.96, 0.8)])  # ground
    p.curve((0.62, 0.12), (0.66, 0.07), (0.72, 0.08), (0.75, 0.11), passes=1)  # cloud
    p.curve((0.62, 0.12), (0.68, 0.14), (0.75, 0.11), passes=1)


def draw_circle_of_women(p: Pencil):
    p.ellipse(0.5, 0.76, 0.4, 0.1, passes=1, width=3)  # the petate they stand on
    n = 7
    figures = []
    for i in range(n):
        a = math.pi * 2 * i / n + math.pi / 2 + math.pi / n
        depth = math.sin(a)  # 1 = nearest to us
        x = 0.5 + 0.32 * math.cos(a)
        s = 0.5 + 0.12 * depth
        feet = 0.7 + 0.1 * depth
        figures.append((depth, x, feet - 0.62 * s, s))
    for depth, x, y, s in sorted(figures):  # far ones first; everybody from behind, no faces
        woman_from_behind(p, x, y, s, backpack=False)
    p.ellipse(0.5, 0.72, 0.06, 0.025, passes=1)  # a basket of bread in the middle
    p.curve((0.44, 0.72), (0.45, 0.78), (0.55, 0.78), (0.56, 0.72))
    p.hatch(0.455, 0.735, 0.545, 0.77, spacing=0.012, slant=0.2)


def draw_clinic(p: Pencil):
    p.stroke([(0.08, 0.15), (0.92, 0.15), (0.92, 0.88), (0.08, 0.88), (0.08, 0.15)])
    p.stroke([(0.33, 0.88), (0.33, 0.45), (0.67, 0.45), (0.67, 0.88)])  # door frame
    p.stroke([(0.5, 0.45), (0.5, 0.88)], width=4)
    p.ellipse(0.46, 0.67, 0.01, 0.007, passes=1)
    p.ellipse(0.54, 0.67, 0.01, 0.007, passes=1)
    for y in (0.52, 0.76):  # door panels
        p.stroke(
            [(0.36, y), (0.47, y), (0.47, y + 0.08), (0.36, y + 0.08), (0.36, y)], passes=1, width=3
        )
        p.stroke(
            [(0.53, y), (0.64, y), (0.64, y + 0.08), (0.53, y + 0.08), (0.53, y)], passes=1, width=3
        )
    cx, cy, a, b = 0.5, 0.3, 0.035, 0.09  # the cross
    p.stroke(
        [
            (cx - a, cy - b),
            (cx + a, cy - b),
            (cx + a, cy - a),
            (cx + b, cy - a),
            (cx + b, cy + a),
            (cx + a, cy + a),
            (cx + a, cy + b),
            (cx - a, cy + b),
            (cx - a, cy + a),
            (cx - b, cy + a),
            (cx - b, cy - a),
            (cx - a, cy - a),
            (cx - a, cy - b),
        ],
        width=6,
    )
    p.hatch(cx - a, cy - b, cx + a, cy + b, spacing=0.012, slant=0.1)
    p.stroke([(0.72, 0.5), (0.86, 0.5), (0.86, 0.6), (0.72, 0.6), (0.72, 0.5)])  # notice board
    for y in (0.53, 0.555, 0.58):
        p.stroke([(0.74, y), (0.74 + 0.1 * (1.2 - (y - 0.5) * 5), y)], passes=1, width=3)
    p.stroke([(0.26, 0.92), (0.74, 0.92)])  # step
    p.stroke([(0.26, 0.88), (0.26, 0.92)], passes=1)
    p.stroke([(0.74, 0.88), (0.74, 0.92)], passes=1)
    p.stroke([(0.15, 0.88), (0.14, 0.8), (0.24, 0.8), (0.23, 0.88)])  # plant
    for dx in (-0.03, 0.0, 0.03):
        p.curve((0.19, 0.8), (0.19 + dx, 0.74), (0.19 + dx * 2, 0.7), passes=1, width=4)


def draw_notebook(p: Pencil):
    c = [(0.2, 0.3), (0.78, 0.24), (0.86, 0.78), (0.26, 0.84)]
    p.stroke(c + [c[0]])
    p.stroke([(0.26, 0.84), (0.27, 0.86), (0.87, 0.8), (0.86, 0.78)], passes=1)  # thickness
    for k in range(1, 10):  # lines of the page
        t = k / 10
        a = (c[0][0] + (c[3][0] - c[0][0]) * t, c[0][1] + (c[3][1] - c[0][1]) * t)
        b = (c[1][0] + (c[2][0] - c[1][0]) * t, c[1][1] + (c[2][1] - c[1][1]) * t)
        p.stroke([(a[0] + 0.03, a[1]), (b[0] - 0.02, b[1])], passes=1, width=3)
    for k in range(11):  # spiral
        x = 0.23 + k * 0.052
        y = 0.3 - (x - 0.2) * 0.1
        p.ellipse(x, y - 0.01, 0.012, 0.022, start=100, end=420, passes=1, width=4)
    # Some handwriting-like scribbles on the first lines.
    for line, length in ((0.25, 0.4), (0.35, 0.3)):
        x0 = 0.28
        y0 = 0.3 + (0.84 - 0.3) * line - 0.012 - x0 * 0.1
        pts = [
            (x0 + i * 0.008, y0 - 0.012 * abs(math.sin(i * 1.3)) - i * 0.0008)
            for i in range(int(length / 0.008))
        ]
        p.stroke(pts, passes=1, width=3, colour=INK)
    # The pencil, lying across the notebook.
    x0, y0, x1, y1 = 0.5, 0.9, 0.95, 0.42
    dx, dy = 0.018, 0.014
    p.stroke([(x0 + dx, y0 + dy), (x1 + dx, y1 + dy)])
    p.stroke([(x0 - dx, y0 - dy), (x1 - dx, y1 - dy)])
    p.stroke([(x0, y0), (x1, y1)], passes=1, width=3)
    p.stroke([(x0 + dx, y0 + dy), (x0 - 0.045, y0 + 0.05), (x0 - dx, y0 - dy)])  # tip
    p.hatch(x0 - 0.05, y0 + 0.035, x0 - 0.03, y0 + 0.055, spacing=0.006, slant=0.4)
    p.stroke([(x1 + dx, y1 + dy), (x1 + 0.03, y1 - 0.03), (x1 - dx, y1 - dy)], width=6)  # eraser


def draw_butterfly(p: Pencil):
    cx, cy = 0.5, 0.42
    for side in (-1, 1):
        top = bezier(
            [
                (cx, cy - 0.02),
                (cx + side * 0.1, cy - 0.32),
                (cx + side * 0.38, cy - 0.3),
                (cx + side * 0.3, cy + 0.02),
                (cx, cy + 0.02),
            ],
            60,
        )
        low = bezier(
            [
                (cx, cy + 0.03),
                (cx + side * 0.28, cy + 0.06),
                (cx + side * 0.26, cy + 0.3),
                (cx + side * 0.06, cy + 0.26),
                (cx, cy + 0.06),
            ],
            60,
        )
        p.stroke(top)
        p.stroke(low)
        p.ellipse(cx + side * 0.19, cy - 0.14, 0.04, 0.05)
        p.ellipse(cx + side * 0.19, cy - 0.14, 0.015, 0.02, passes=1)
        p.ellipse(cx + side * 0.14, cy + 0.15, 0.03, 0.035, passes=1)
        p.curve(
            (cx + side * 0.03, cy - 0.03),
            (cx + side * 0.08, cy - 0.07),
            (cx + side * 0.14, cy - 0.1),
            passes=1,
            width=3,
        )
        p.curve(
            (cx + side * 0.03, cy + 0.05),
            (cx + side * 0.07, cy + 0.09),
            (cx + side * 0.11, cy + 0.11),
            passes=1,
            width=3,
        )
        p.curve(
            (cx, cy - 0.1), (cx + side * 0.02, cy - 0.2), (cx + side * 0.07, cy - 0.24), width=3
        )  # antenna
        p.ellipse(cx + side * 0.072, cy - 0.245, 0.006, 0.008, passes=1)
    p.ellipse(cx, cy, 0.014, 0.1, width=6)  # body
    p.ellipse(cx, cy - 0.11, 0.016, 0.022)
    p.hatch(cx - 0.012, cy - 0.08, cx + 0.012, cy + 0.09, spacing=0.006, slant=0.1)
    p.curve((0.5, 0.98), (0.52, 0.88), (0.49, 0.8), passes=1)  # a flower below
    for a in range(0, 360, 60):
        p.ellipse(
            0.49 + 0.022 * math.cos(math.radians(a)),
            0.78 + 0.028 * math.sin(math.radians(a)),
            0.018,
            0.022,
            passes=1,
            width=3,
        )


def draw_palm_and_moon(p: Pencil):
    p.ellipse(0.78, 0.2, 0.07, 0.09)
    p.ellipse(0.81, 0.18, 0.06, 0.085, start=100, end=260, passes=1)  # crescent
    p.curve((0.3, 0.82), (0.34, 0.6), (0.3, 0.45), (0.36, 0.3))
    p.curve((0.33, 0.82), (0.37, 0.6), (0.33, 0.45), (0.38, 0.31))
    for k in range(6):
        a = math.radians(-160 + k * 32)
        ex, ey = 0.37 + 0.26 * math.cos(a), 0.3 + 0.2 * math.sin(a) + 0.08
        p.curve((0.37, 0.3), ((0.37 + ex) / 2, 0.24 + 0.02 * k % 0.05), (ex, ey))
    for y in (0.84, 0.89, 0.94):
        p.stroke([(0.02 + 0.06 * k, y + 0.01 * math.sin(k)) for k in range(17)], passes=1, width=3)


def draw_cup(p: Pencil):
    p.ellipse(0.5, 0.42, 0.18, 0.05)
    p.curve((0.32, 0.42), (0.33, 0.7), (0.42, 0.76), (0.58, 0.76), (0.67, 0.7), (0.68, 0.42))
    p.curve((0.68, 0.48), (0.8, 0.47), (0.79, 0.6), (0.66, 0.62))
    p.ellipse(0.5, 0.8, 0.28, 0.05)  # plate
    for dx in (-0.06, 0.0, 0.06):
        p.curve(
            (0.5 + dx, 0.36),
            (0.47 + dx, 0.3),
            (0.53 + dx, 0.24),
            (0.5 + dx, 0.16),
            passes=1,
            width=3,
        )
    p.hatch(0.34, 0.5, 0.42, 0.72, spacing=0.012, slant=0.2)


# name, size, seed, drawing function, pencil (True) or ink (False)
DRAWINGS = [
    ("cruzando-el-rio", LANDSCAPE, 11, draw_river, True),
    ("manos-juntas", LANDSCAPE, 12, draw_hands, False),
    ("casa-con-maceta", PORTRAIT, 13, draw_house, True),
    ("circulo-de-mujeres", LANDSCAPE, 14, draw_circle_of_women, True),
    ("puerta-de-la-clinica", PORTRAIT, 15, draw_clinic, False),
    ("cuaderno-y-lapiz", LANDSCAPE, 16, draw_notebook, True),
    ("mariposa", LANDSCAPE, 17, draw_butterfly, False),
    ("palmera-y-luna", PORTRAIT, 18, draw_palm_and_moon, True),  # used by no article
    ("taza-de-cafe", LANDSCAPE, 19, draw_cup, True),  # used only by a draft
]


def render(name, size, seed, func, pencil) -> Image.Image:
    rng = random.Random(seed)
    image = paper(size, rng)
    pen = Pencil(image, rng, colour=GRAPHITE if pencil else INK, width=7 if pencil else 6)
    func(pen)
    return photo_finish(image, rng)


def save(image: Image.Image, path: Path, index: int) -> int:
    tmp = path.with_suffix(".tmp")
    image.save(
        tmp,
        "JPEG",
        quality=JPEG_QUALITY,
        subsampling=2,
        exif=fake_exif(index),
        comment=b"MUESTRA-COMENTARIO",
    )
    tmp.replace(path)
    return path.stat().st_size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", help="nombre de un dibujo / name of one drawing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    for index, (name, size, seed, func, pencil) in enumerate(DRAWINGS):
        if args.only and args.only != name:
            continue
        target = args.out / f"{name}.jpg"
        nbytes = save(render(name, size, seed, func, pencil), target, index)
        logger.info(
            "%s  %dx%d  %d KB",
            target.relative_to(ROOT) if target.is_relative_to(ROOT) else target,
            size[0],
            size[1],
            nbytes // 1024,
        )
        if nbytes > MAX_BYTES:
            logger.error(
                "%s: pesa %d bytes, más de %d. / weighs %d bytes, more than %d.",
                target,
                nbytes,
                MAX_BYTES,
                nbytes,
                MAX_BYTES,
            )
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
