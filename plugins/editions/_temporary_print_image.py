"""TEMPORARY stand-in for images.print_image until the images plugin lands. Delete then."""

import hashlib
from pathlib import Path

from PIL import Image, ImageOps


def print_image(settings, source_relpath, width_mm, greyscale=False, scan_cleanup=False):
    source = Path(settings["PATH"]) / source_relpath
    data = source.read_bytes()
    key = hashlib.sha256(data + f"{width_mm}-{greyscale}-{scan_cleanup}".encode()).hexdigest()[:24]
    out = Path(settings.get("CACHE_PATH", ".cache")).parent / "editions-tmp-img" / f"{key}.jpg"
    if out.exists():
        return out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as img:
        img = ImageOps.exif_transpose(img)
        img = img.convert("L" if greyscale else "RGB")
        width = round(width_mm / 25.4 * 300)
        if img.width > width:
            img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
        clean = Image.new(img.mode, img.size)
        clean.putdata(list(img.getdata()))
        clean.save(out, "JPEG", quality=85, optimize=True)
    return out.resolve()
