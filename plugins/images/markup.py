"""Turn processed variants into the data ``partials/picture.html`` renders."""

from markupsafe import Markup, escape

from .variants import EXTENSIONS

PARTIAL = "partials/picture.html"


def output_name(key, width, fmt):
    return f"{key[:16]}-{width}.{EXTENSIONS[fmt]}"


def picture_data(variants, alt, lazy, siteurl, config):
    """Dict for the partial: sources (WebP srcset), fallback JPEG, size, alt, lazy.

    ``variants``: list of (fmt, width, height, name), as planned for one image.
    """
    base = f"{siteurl}/{config['output_dir']}/"

    def srcset(fmt):
        return ", ".join(f"{base}{name} {w}w" for f, w, _h, name in variants if f == fmt)

    jpegs = [v for v in variants if v[0] == "JPEG"]
    _fmt, width, height, name = max(jpegs, key=lambda v: v[1])
    return {
        "sources": [{"type": "image/webp", "srcset": srcset("WEBP")}],
        "src": base + name,
        "srcset": srcset("JPEG"),
        "sizes": config["sizes"],
        "width": width,
        "height": height,
        # Already escaped once here; Pelican's Jinja does not autoescape.
        "alt": Markup(escape(alt)),
        "lazy": bool(lazy),
    }


def with_lazy(data, lazy):
    return dict(data, lazy=bool(lazy))


def render_picture(env, data):
    return env.get_template(PARTIAL).render(image=data).strip()
