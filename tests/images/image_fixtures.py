"""Test images made with Pillow: each kind of metadata holds its own marker word."""

import io
import random
import struct
import zlib

from PIL import Image, ImageDraw, ImageOps
from PIL.PngImagePlugin import PngInfo

MARKERS = {
    "make": "ZZMAKEMARK",
    "model": "ZZMODELMARK",
    "serial": "ZZSERIALMARK",
    "owner": "ZZOWNERMARK",
    "gps": "ZZGPSMARK",
    "xmp": "ZZXMPMARK",
    "iptc": "ZZIPTCMARK",
    "comment": "ZZCOMMENTMARK",
    "thumb": "ZZTHUMBMARK",
    "png_text": "ZZPNGTEXTMARK",
    "png_itxt": "ZZPNGITXTMARK",
    "png_ztxt": "ZZPNGZTXTMARK",
    "png_exif": "ZZPNGEXIFMARK",
    "heic": "ZZHEICMARK",
    "rotated": "ZZROTATEDMARK",
}


def drawing(size=(1600, 1200), seed=1, ink=(40, 40, 40), paper=(236, 232, 222)):
    """A pencil-like drawing on off-white paper with a little noise."""
    rnd = random.Random(seed)
    im = Image.new("RGB", size, paper)
    draw = ImageDraw.Draw(im)
    w, h = size
    for _ in range(40):
        x, y = rnd.randrange(w), rnd.randrange(h)
        points = [(x, y)]
        for _ in range(12):
            x += rnd.randint(-w // 20, w // 20)
            y += rnd.randint(-h // 20, h // 20)
            points.append((x, y))
        draw.line(points, fill=ink, width=max(2, w // 400))
    noise = Image.effect_noise(size, 8).convert("RGB")
    return Image.blend(im, noise, 0.04)


def _exif(orientation=None, gps=True, **text):
    exif = Image.Exif()
    exif[0x010F] = MARKERS["make"]
    exif[0x0110] = MARKERS["model"]
    if orientation:
        exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = MARKERS["serial"]
    sub[0xA430] = MARKERS["owner"]
    sub[0x9003] = "2026:01:02 03:04:05"
    if gps:
        g = exif.get_ifd(0x8825)
        g[1] = "N"
        g[2] = (14.0, 54.0, 30.0)
        g[3] = "W"
        g[4] = (92.0, 15.0, 45.0)
        g[0x12] = MARKERS["gps"]
    for tag, value in text.items():
        exif[int(tag)] = value
    return exif.tobytes()


def _segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def _iptc():
    dataset = b"\x1c\x02\x50" + struct.pack(">H", len(MARKERS["iptc"])) + MARKERS["iptc"].encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(dataset)) + dataset
    return _segment(0xED, b"Photoshop 3.0\x00" + resource)


def _thumbnail():
    out = io.BytesIO()
    Image.new("RGB", (160, 120), "gray").save(out, "JPEG", comment=MARKERS["thumb"].encode())
    return out.getvalue()


def dirty_jpeg(path, image=None, orientation=None):
    """JPEG with EXIF (make, model, serial, owner, GPS, thumbnail), XMP, IPTC, COM, ICC."""
    from PIL import ImageCms

    image = image or drawing()
    xmp = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/'
        f'1999/02/22-rdf-syntax-ns#"><rdf:Description>{MARKERS["xmp"]}</rdf:Description>'
        f"</rdf:RDF></x:xmpmeta>"
    ).encode()
    # The thumbnail rides at the end of the EXIF block, as phones store IFD1's JPEG.
    exif = _exif(orientation) + _thumbnail()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        quality=92,
        exif=exif,
        xmp=xmp,
        icc_profile=icc,
        comment=MARKERS["comment"].encode(),
    )
    data = out.getvalue()
    data = data[:2] + _iptc() + data[2:]
    path.write_bytes(data)
    return data


def dirty_png(path, image=None):
    image = image or drawing(seed=2)
    info = PngInfo()
    info.add_text("Author", MARKERS["png_text"])
    info.add_text("Comment", MARKERS["png_ztxt"], zip=True)
    info.add_itxt("Description", MARKERS["png_itxt"], lang="es")
    exif = Image.Exif()
    exif[0x010F] = MARKERS["png_exif"]
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif.tobytes())
    data = out.getvalue()
    time_chunk = b"tIME" + struct.pack(">HBBBBB", 2026, 1, 2, 3, 4, 5)
    chunk = struct.pack(">I", 7) + time_chunk + struct.pack(">I", zlib.crc32(time_chunk))
    iend = data.rindex(b"IEND") - 4
    data = data[:iend] + chunk + data[iend:]
    path.write_bytes(data)
    return data


def dirty_heic(path, image=None):
    import pillow_heif

    pillow_heif.register_heif_opener()
    image = image or drawing(size=(800, 600), seed=3)
    exif = Image.Exif()
    exif[0x010F] = MARKERS["heic"]
    exif[0x0110] = MARKERS["model"]
    out = io.BytesIO()
    image.save(out, "HEIF", exif=exif.tobytes(), quality=90)
    path.write_bytes(out.getvalue())
    return out.getvalue()


def rotated_jpeg(path):
    """Stored 400x200: red left half, blue right half; orientation 6 shows it upright
    as 200x400 with red on TOP."""
    im = Image.new("RGB", (400, 200), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = MARKERS["rotated"]
    out = io.BytesIO()
    im.save(out, "JPEG", quality=95, exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    # What a viewer shows, to compare with.
    return ImageOps.exif_transpose(Image.open(io.BytesIO(out.getvalue())))


def solid_jpeg(path, colour, size=(600, 400)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=95)
    path.write_bytes(out.getvalue())
    return out.getvalue()


def bomb_png(path, side=30000):
    """A PNG header claiming side×side pixels (Pillow refuses it before decoding)."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(data)
    return data
