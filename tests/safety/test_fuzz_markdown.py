"""Property: whatever a member types, no script, event handler or javascript: URL is
published.

Random Markdown mixed with dangerous HTML goes through the build's own pipeline: Pelican's
``Readers`` with the project's settings (MARKDOWN, Typogrify), the ``content_model``
reader and the ``sanitize`` plugin's ``content_object_init`` handler, connected the way
their ``register()`` connects them. Then one real build of a tiny site of nasty articles.
"""

from __future__ import annotations

import html
import itertools
import logging
import re
import shutil
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pelican import signals
from pelican.contents import Article
from pelican.readers import Readers
from pelican.settings import read_settings
from voces_testing import ROOT, run_build

from voces_plugins.content_model.content_model import use_voces_reader
from voces_plugins.sanitize.sanitize import sanitize_content

# --- what comes out must never contain ---------------------------------------------------

BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


FRAGMENT_FORBIDDEN = (
    "script",
    "iframe",
    "style",
    "svg",
    "math",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "form",
    "frame",
    "noscript",
)
# A whole page has the theme's own <meta>, <link> and inline <svg> icons in it.
PAGE_FORBIDDEN = ("script", "iframe", "style", "object", "embed", "base", "form", "frame")


class _Audit(HTMLParser):
    """Collect what a browser would treat as script: tags, on* attributes, bad URLs."""

    def __init__(self, forbidden):
        super().__init__(convert_charrefs=True)
        self.forbidden = forbidden
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in self.forbidden:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}=")
            if name == "style":
                self.problems.append("style=")
            if value and name in (
                "href",
                "src",
                "srcset",
                "action",
                "formaction",
                "poster",
                "data",
                "xlink:href",
                "cite",
                "background",
            ):
                # As the WHATWG URL parser reads it: C0 controls and spaces trimmed at the
                # ends, tabs and newlines removed everywhere.
                url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33)))))
                url = url.lower()
                if url.startswith(BAD_SCHEMES) or re.search(r",\s*(javascript|data):", url):
                    self.problems.append(f"{name}={value!r}")

    handle_startendtag = handle_starttag


def audit(html_text: str, forbidden=FRAGMENT_FORBIDDEN) -> list[str]:
    problems = []
    if re.search(r"<\s*script", html_text, re.IGNORECASE):
        problems.append("<script")
    if re.search(r"<[^>]*[\s\"'/]on[a-z]+\s*=", html_text, re.IGNORECASE):
        problems.append("on*= attribute")
    parser = _Audit(forbidden)
    parser.feed(html_text)
    parser.close()
    return problems + parser.problems


# --- the build's pipeline, in this process ------------------------------------------------


@pytest.fixture(scope="module")
def read_article(tmp_path_factory):
    """``read_article(body, summary)`` -> the Article the build would publish."""
    content = tmp_path_factory.mktemp("fuzz") / "content"
    (content / "salud").mkdir(parents=True)
    settings = read_settings(
        str(ROOT / "publishconf.py"), override={"PATH": str(content), "SITEURL": ""}
    )
    signals.readers_init.connect(use_voces_reader)
    signals.content_object_init.connect(sanitize_content)
    quiet = logging.getLogger("sanitize")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # one warning per example would flood the output
    counter = itertools.count()
    try:
        readers = Readers(settings)

        def read(body: str, summary: str = "") -> Article:
            path = content / "salud" / f"fuzz-{next(counter)}.md"
            header = "título: Prueba\nfecha: 2026-11-01\nautora: Lucero\nestado: publicado\n"
            if summary.strip():
                header += "resumen: " + " ".join(summary.split()) + "\n"
            path.write_text(header + "\n" + body + "\n", encoding="utf-8")
            try:
                return readers.read_file(
                    base_path=str(content),
                    path=str(path),
                    content_class=Article,
                    context={
                        "static_content": {},
                        "generated_content": {},
                        "static_links": set(),
                        "localsiteurl": "",
                    },
                )
            finally:
                path.unlink()

        yield read
    finally:
        quiet.setLevel(level)
        signals.readers_init.disconnect(use_voces_reader)
        signals.content_object_init.disconnect(sanitize_content)


# --- strategies -------------------------------------------------------------------------

DANGEROUS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script src=/x.js>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    '<img src="x" ONERROR="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<style>body{display:none}</style>",
    "<style>",
    "<p style='x:expression(alert(1))'>",
    '<a href="jAvAsCrIpT:alert(1)">',
    '<a href="&#106;avascript:alert(1)">',
    '<a href="&#x6A;avascript&colon;alert(1)">',
    '<a href="java&#x09;script:alert(1)">',
    '<a href="&#0000106&#0000097vascript:alert(1)">',
    '<a href=" javascript:alert(1)">',
    '<a href="vbscript:msgbox(1)">',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<img srcset="data:x 1x, y 2x">',
    '<source srcset="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>",
    "<object data=x.swf>",
    "<embed src=x>",
    "<form action=javascript:alert(1)><button>",
    "<base href=javascript:alert(1)//>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<div markdown="1">*x*</div>',
    '{: onclick="alert(1)" }',
    '"onmouseover="alert(1)',
    "<a",
    "<img",
    "</",
    "<p",
    ">",
    "<<",
    "\"'>",
    "<x onclick=alert(1)>",
    "<details open ontoggle=alert(1)>",
]
URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "dibujos/a.jpg",
    "{static}/dibujos/a.jpg",
    "#nota",
    "/salud/",
    "https://ejemplo.org/",
    "mailto:a@b.c",
    "tel:+52962",
]
MARKDOWN = [
    "# ",
    "## ",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "---\n",
    "|a|b|\n|-|-|\n|",
    "[^1]",
    "\n[^1]: nota\n",
    "&amp;",
    "&",
    "&#",
    "    ",
    "<br>",
    "<em>",
    "</em>",
    "<p>",
    "</p>",
    "*[VIH]: virus\n",
    "Term\n: def\n",
]

urls = st.sampled_from(URLS)
pieces = st.one_of(
    st.sampled_from(DANGEROUS),
    st.sampled_from(MARKDOWN),
    st.text(max_size=12),
    st.builds("[{}]({})".format, st.text(max_size=6), urls),
    st.builds("![{}]({})".format, st.text(max_size=6), urls),
    st.builds(
        '<a href="{}" {}>x</a>'.format,
        urls,
        st.sampled_from(["", "onclick=alert(1)", "title=x", "style=color:red", "target=_blank"]),
    ),
    st.builds(
        '<img src="{}" alt="{}" {}>'.format,
        urls,
        st.text(max_size=5),
        st.sampled_from(
            ["", "onerror=alert(1)", "srcset='javascript:alert(1) 1x'", "loading=lazy"]
        ),
    ),
    st.builds(
        "<{0} {1}={2}>x</{0}>".format,
        st.sampled_from(["p", "span", "div", "td", "img", "audio", "source", "a", "q"]),
        st.sampled_from(
            ["onclick", "onerror", "OnLoad", "src", "href", "srcset", "style", "class"]
        ),
        urls,
    ),
)
documents = st.lists(pieces, max_size=25).map("".join)


@hsettings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=documents, summary=documents)
def test_random_markdown_and_html_never_publish_script(read_article, body, summary):
    published = read_article(body, summary)
    for name, fragment in (("content", published.content), ("summary", published.summary)):
        assert audit(fragment or "") == [], f"{name}: {fragment!r}"


@pytest.mark.parametrize("nasty", DANGEROUS)
def test_each_known_attack_is_neutralised(read_article, nasty):
    published = read_article(f"Antes {nasty} después", nasty)
    assert audit(published.content) == [], published.content
    assert audit(published.summary) == [], published.summary


# --- one real build -----------------------------------------------------------------------

NASTY = {
    "salud/uno.md": (
        "Uno",
        "Hola <script>alert('uno')</script> y "
        '<img src="../dibujos/mariposa.jpg" alt="mariposa" onerror=alert(1)>.\n\n'
        "[clic](jAvAsCrIpT:alert(1)) y [otro](&#106;avascript:alert(1))\n\n"
        "<svg onload=alert(1)><circle r=1></circle></svg>\n",
    ),
    "derechos/dos.md": (
        "Dos",
        '<iframe src="/x"></iframe><style>body{display:none}</style>\n\n'
        '<p onclick="alert(1)" style="color:red">texto</p>\n\n'
        "![dibujo](data:image/png;base64,iVBORw0KGgo=)\n",
    ),
    "comunidad/tres.md": (
        "Tres",
        'Párrafo {: onclick="alert(1)" }\n\n'
        '<noscript><p title="</noscript><img src=../dibujos/mariposa.jpg alt=m '
        'onerror=alert(1)>"></noscript>\n'
        '<a href="vbscript:msgbox(1)">vb</a>\n',
    ),
    "paginas/pagina.md": ("Página", '<body onload=alert(1)><form action="/x"><input></form>\n'),
}


def test_real_build_of_nasty_articles_publishes_nothing_dangerous(tmp_path):
    content = tmp_path / "content"
    for name, (title, body) in NASTY.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        head = f"título: {title}\n" + (
            "fecha: 2026-11-01\nautora: Lucero\n" if not name.startswith("paginas") else ""
        )
        path.write_text(
            head + "estado: publicado\nresumen: <script>alert(2)</script>Hola\n\n" + body,
            encoding="utf-8",
        )
    (content / "dibujos").mkdir()
    shutil.copy(ROOT / "content" / "dibujos" / "mariposa.jpg", content / "dibujos")
    out = tmp_path / "output"
    run_build(content, out)

    pages = sorted(out.rglob("*.html"))
    feeds = sorted(out.rglob("*.xml"))
    assert len(pages) >= 5 and feeds
    for path in pages:
        text = path.read_text(encoding="utf-8")
        # The only scripts on any page are the theme's own files, loaded from the site.
        own = "|".join(re.escape(p.name) for p in (ROOT / "theme/static/js").glob("*.js"))
        own_script = rf'<script src="[^"]*/theme/js/(?:{own})" defer>'
        scripts = re.findall(r"<script\b[^>]*>", text, re.IGNORECASE)
        assert all(re.fullmatch(own_script, s) for s in scripts), (path, scripts)
        assert "quick-exit.js" in " ".join(scripts), path
        text = re.sub(own_script + "</script>", "", text)
        # The theme's own search form (GET to the site's search page) is not content.
        text = re.sub(r'<form class="search-form" role="search" method="get"[^>]*>', "", text)
        assert audit(text, PAGE_FORBIDDEN) == [], path
        assert not re.search(r"<[^>]*alert\(", text), path  # as words it is harmless
    for path in feeds:
        # Atom carries the HTML escaped once: unescape and audit it as a browser would.
        text = html.unescape(path.read_text(encoding="utf-8"))
        assert audit(text, PAGE_FORBIDDEN) == [], path
        assert not re.search(r"<[^>]*alert\(", text), path
    uno = (out / "articulos" / "uno" / "index.html").read_text(encoding="utf-8")
    assert "Hola" in uno and "clic" in uno  # the words stay, the script goes
