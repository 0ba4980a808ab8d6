"""Safe Markdown: members' raw HTML is cut down to an allow-list; nothing from other hosts.

The unit cases call ``clean_html``, the very function the ``sanitize`` plugin runs on
every article and page; the build cases run real Pelican builds of tiny sites.
"""

from __future__ import annotations

import html
import re
import shutil

import pytest
from voces_testing import ROOT, run_build

from voces_plugins.sanitize.allowlist import ALLOWED_TAGS, clean_html
from voces_plugins.sanitize.remote import remote_resources

WIDE_LOG = {"COLUMNS": "1000"}  # one log record per line: no wrapping inside a path
HEADER = "título: {title}\nfecha: 2026-11-01\nautora: Lucero\nestado: publicado\n{extra}\n"


def article(title: str, body: str, extra: str = "") -> str:
    return HEADER.format(title=title, extra=extra) + "\n" + body + "\n"


def write_site(tmp_path, files: dict[str, str]):
    content = tmp_path / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def no_danger(cleaned: str):
    low = cleaned.lower()
    assert "<script" not in low
    assert "<iframe" not in low and "<style" not in low and "<svg" not in low
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", low), cleaned
    for value in re.findall(r'(?:href|src|srcset)="([^"]*)"', cleaned):
        value = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
        assert not value.startswith(("javascript:", "vbscript:", "data:")), cleaned


# --- the allow-list: what goes -------------------------------------------------------

DANGEROUS = {
    "script": "<p>hola</p><script>alert(1)</script>",
    "script_upper": "<SCRIPT SRC=/x.js></SCRIPT>hola",
    "script_split": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "img_onerror": '<img src="x" onerror="alert(1)">',
    "img_onerror_unquoted": "<img src=x onerror=alert(1)//>",
    "svg_onload": "<svg onload=alert(1)><circle r=1></circle></svg>",
    "body_onload": "<body onload=alert(1)>hola</body>",
    "iframe": '<iframe src="/otra-pagina/"></iframe>',
    "iframe_js": '<iframe src="javascript:alert(1)"></iframe>',
    "style_block": "<style>body{display:none}</style>hola",
    "style_attr": '<p style="position:fixed;top:0">hola</p>',
    "object": '<object data="/x.swf"></object><embed src="/x.swf">',
    "form": '<form action="/x"><input name="q"><button>ok</button></form>',
    "js_mixed_case": '<a href="jAvAsCrIpT:alert(1)">x</a>',
    "js_entity": '<a href="&#106;avascript:alert(1)">x</a>',
    "js_hex_entity": '<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>',
    "js_padded_entity": '<a href="&#0000106&#0000097vascript:alert(1)">x</a>',
    "js_newline": '<a href="java&#x0A;script:alert(1)">x</a>',
    "js_leading_space": '<a href="  javascript:alert(1)">x</a>',
    "vbscript": '<a href="VBScript:msgbox(1)">x</a>',
    "data_link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "data_img": '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
    "data_srcset": '<img srcset="data:image/png;base64,AAAA 1x" alt="x">',
    "js_srcset": '<picture><source srcset="javascript:alert(1) 1x"><img alt="x"></picture>',
    "noscript_mxss": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "comment": "<!--<img src=x onerror=alert(1)>-->hola",
    "meta_refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base": '<base href="javascript:alert(1)//">',
    "math": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "attr_list_event": '<p onclick="alert(1)" onmouseover=alert(2)>hola</p>',
    "audio_event": '<audio src="/a.mp3" onplay="alert(1)" controls></audio>',
}


@pytest.mark.parametrize("name", sorted(DANGEROUS))
def test_dangerous_html_is_removed(name):
    cleaned = clean_html(DANGEROUS[name])
    no_danger(cleaned)


def test_text_around_removed_markup_stays():
    cleaned = clean_html(
        '<p>Cuídate <span onclick="x()">mucho</span>, amiga.</p><script>robar()</script>'
    )
    assert cleaned == "<p>Cuídate <span>mucho</span>, amiga.</p>"


# --- the allow-list: what stays --------------------------------------------------------

KEPT = {
    "emphasis": (
        "<p><em>a</em> <strong>b</strong> <b>c</b> <i>d</i> <u>e</u> <s>f</s> "
        "<small>g</small> H<sub>2</sub>O m<sup>2</sup> <mark>h</mark></p>"
    ),
    "quote": "<blockquote><p>Dijo <q>basta</q>, <cite>Flor</cite></p></blockquote>",
    "abbr": '<p><abbr title="Virus de inmunodeficiencia humana">VIH</abbr></p>',
    "lists": "<ul><li>a</li></ul><ol><li>b</li></ol><dl><dt>c</dt><dd>d</dd></dl>",
    "table": (
        "<table><caption>Horarios</caption><thead><tr><th>Día</th></tr></thead>"
        "<tbody><tr><td>Lunes</td></tr></tbody><tfoot><tr><td>x</td></tr></tfoot></table>"
    ),
    "figure": (
        '<figure><img src="dibujos/mariposa.jpg" alt="Una mariposa" width="720" '
        'height="540" loading="lazy" decoding="async"><figcaption>Dibujo</figcaption>'
        "</figure>"
    ),
    "picture": (
        '<picture><source srcset="/imagenes/a-360.webp 360w, /imagenes/a-720.webp 720w" '
        'type="image/webp" sizes="100vw"><img src="/imagenes/a-720.jpg" alt="a" '
        'width="720" height="540"></picture>'
    ),
    "audio": '<audio controls="" src="audios/cancion.mp3" preload="none"></audio>',
    "code": "<pre><code>x = 1</code></pre><p><kbd>Esc</kbd></p>",
    "headings": "<h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6>e</h6><hr>",
    "footnote": (
        '<p>x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
        '<div class="footnote"><ol><li id="fn:1"><p>nota</p></li></ol></div>'
    ),
    "typogrify_amp": '<p>Salud <span class="amp">&amp;</span> derechos</p>',
    "static_link": '<p><img src="{static}/dibujos/x.jpg" alt="x"></p>',
}


@pytest.mark.parametrize("name", sorted(KEPT))
def test_markup_members_need_is_kept(name):
    source = KEPT[name]
    cleaned = clean_html(source)
    for tag in re.findall(r"<([a-z][a-z0-9]*)", source):
        assert f"<{tag}" in cleaned, f"<{tag}> was removed from {cleaned}"
    for attr, value in re.findall(r'\s([a-z-]+)="([^"]*)"', source):
        assert f'{attr}="{value}"' in cleaned, f"{attr}={value!r} lost in {cleaned}"


def test_links_get_noopener_noreferrer_and_keep_their_address():
    cleaned = clean_html(
        '<a href="https://ejemplo.org/ayuda" title="Ayuda" rel="opener" '
        'target="_blank">ayuda</a> <a href="tel:+529620000000">llamar</a>'
    )
    assert 'href="https://ejemplo.org/ayuda"' in cleaned
    assert 'href="tel:+529620000000"' in cleaned
    assert cleaned.count('rel="noopener noreferrer"') == 2
    assert 'opener"' not in cleaned.replace('rel="noopener noreferrer"', "")
    assert "target=" not in cleaned


def test_markdown_h1_becomes_h2_the_title_is_the_only_h1():
    assert clean_html("<h1>Mi historia</h1>") == "<h2>Mi historia</h2>"


def test_classes_only_where_the_theme_needs_them():
    cleaned = clean_html('<span class="quick-exit">x</span><div class="footnote">y</div>')
    assert "quick-exit" not in cleaned
    assert 'class="footnote"' in cleaned


def test_allowed_tags_can_be_narrowed():
    cleaned = clean_html(
        "<p>a <mark>b</mark></p><table><tr><td>c</td></tr></table>",
        ALLOWED_TAGS - {"mark", "table", "tr", "td"},
    )
    assert "<mark" not in cleaned and "<table" not in cleaned
    assert "b" in cleaned and "c" in cleaned


REMOTE = {
    "https_img": ('<img src="https://gatos.example/gato.jpg">', "https://gatos.example/gato.jpg"),
    "http_img_upper": ('<IMG SRC="HTTP://gatos.example/g.jpg">', "HTTP://gatos.example/g.jpg"),
    "protocol_relative": ('<img src="//cdn.example/a.jpg">', "//cdn.example/a.jpg"),
    "backslash_relative": ('<img src="/\\cdn.example/a.jpg">', "/\\cdn.example/a.jpg"),
    "srcset": (
        '<img src="a.jpg" srcset="a.jpg 1x, https://cdn.example/a2.jpg 2x">',
        "https://cdn.example/a2.jpg",
    ),
    "audio": (
        '<audio src="https://radio.example/x.mp3" controls></audio>',
        "https://radio.example/x.mp3",
    ),
    "iframe": (
        '<iframe src="https://video.example/embed/1"></iframe>',
        "https://video.example/embed/1",
    ),
    "script": ('<script src="https://cdn.example/x.js"></script>', "https://cdn.example/x.js"),
    "stylesheet": (
        '<link rel="stylesheet" href="https://fonts.example/css">',
        "https://fonts.example/css",
    ),
    "video_poster": ('<video poster="https://v.example/p.jpg"></video>', "https://v.example/p.jpg"),
    "style_url": (
        "<p style=\"background:url('https://t.example/px.gif')\">x</p>",
        "https://t.example/px.gif",
    ),
    "style_import": (
        '<style>@import "https://t.example/a.css";</style>',
        "https://t.example/a.css",
    ),
    "svg_image": ('<svg><image href="https://t.example/i.png"/></svg>', "https://t.example/i.png"),
}


@pytest.mark.parametrize("name", sorted(REMOTE))
def test_remote_resources_are_found(name):
    source, url = REMOTE[name]
    assert url in [found for _, found in remote_resources(source)]


def test_plain_links_and_local_files_are_not_remote():
    source = (
        '<a href="https://ejemplo.org/">sitio</a><a href="//ejemplo.org/">otro</a>'
        '<img src="dibujos/a.jpg" srcset="/imagenes/a-360.webp 360w">'
        '<img src="{static}/dibujos/b.jpg"><audio src="../audios/c.mp3"></audio>'
    )
    assert remote_resources(source) == []


def test_own_site_address_is_not_remote():
    assert (
        remote_resources(
            '<img src="https://voces.example/imagenes/a.jpg">', "https://voces.example"
        )
        == []
    )


# --- real builds -----------------------------------------------------------------------

MEMBER_MARKUP = """## Lo que necesitamos

Texto con *énfasis*, **fuerza** y una <mark>marca</mark>. Salud & derechos.

| Día | Hora |
| --- | ---- |
| Lunes | 10:00 |

<figure><figcaption>Nuestro dibujo</figcaption></figure>

<audio controls src="audios/cancion.mp3" preload="none"></audio>

<abbr title="Virus de inmunodeficiencia humana">VIH</abbr>, una nota[^1] y un
[enlace a la clínica](https://clinica.example/horarios).

![Una mariposa]({static}/dibujos/mariposa.jpg)

[^1]: La nota al pie.
"""


def test_build_keeps_member_markup_and_marks_external_links(tmp_path):
    content = write_site(
        tmp_path, {"salud/marcas.md": article("Marcas", MEMBER_MARKUP, "slug: marcas")}
    )
    (content / "dibujos").mkdir()
    shutil.copy(ROOT / "content" / "dibujos" / "mariposa.jpg", content / "dibujos")
    out = tmp_path / "output"
    run_build(content, out)
    page = (out / "articulos" / "marcas" / "index.html").read_text(encoding="utf-8")
    page = page.replace("&nbsp;", " ")  # Typogrify's widont
    for needle in (
        "<h2>Lo que necesitamos</h2>",
        "<em>énfasis</em>",
        "<mark>marca</mark>",
        "<table>",
        "<td>Lunes</td>",
        "<figcaption>Nuestro dibujo</figcaption>",
        '<abbr title="Virus de inmunodeficiencia humana">VIH</abbr>',
        'class="footnote"',
        'class="amp"',
    ):
        assert needle in page, needle
    assert re.search(r"<audio[^>]*controls[^>]*>", page)
    link = re.search(r'<a href="https://clinica.example/horarios"[^>]*>', page).group(0)
    assert 'rel="noopener noreferrer"' in link
    # The images plugin's markup, added after sanitising, is intact.
    picture = re.search(r"<picture>.*?</picture>", page, re.S).group(0)
    assert re.search(r'<source type="image/webp" srcset="/imagenes/[^"]+\.webp \d+w', picture)
    assert 'alt="Una mariposa"' in picture


def test_build_removes_dangerous_html_and_warns_naming_the_file(tmp_path):
    body = (
        'Hola <span onclick="robar()">amiga</span>.\n\n<script>robar()</script>\n\n'
        "[clic](jAvAsCrIpT:robar())\n"
    )
    content = write_site(tmp_path, {"salud/peligro.md": article("Peligro", body, "slug: peligro")})
    out = tmp_path / "output"
    proc = run_build(content, out, env=WIDE_LOG)
    page = (out / "articulos" / "peligro" / "index.html").read_text(encoding="utf-8")
    assert "Hola <span>amiga</span>." in page
    assert "robar()" not in page
    assert "javascript" not in page.lower()
    log = " ".join((proc.stdout + proc.stderr).split())
    assert "salud/peligro.md" in log and "se quitó HTML no permitido" in log
    assert "disallowed HTML was removed" in log


REMOTE_ARTICLES = {
    "salud/imagen.md": (
        "![un gato](https://gatos.example/gato.jpg)",
        "https://gatos.example/gato.jpg",
    ),
    "salud/relativa.md": ('<img src="//cdn.example/a.jpg" alt="a">', "//cdn.example/a.jpg"),
    "derechos/srcset.md": (
        '<img src="a.jpg" srcset="https://cdn.example/b.jpg 2x" alt="b">',
        "https://cdn.example/b.jpg",
    ),
    "derechos/audio.md": (
        '<audio controls src="https://radio.example/c.mp3"></audio>',
        "https://radio.example/c.mp3",
    ),
    "comunidad/video.md": (
        '<iframe src="https://video.example/embed/9"></iframe>',
        "https://video.example/embed/9",
    ),
    "comunidad/estilo.md": (
        '<link rel="stylesheet" href="https://fonts.example/f.css">',
        "https://fonts.example/f.css",
    ),
}


def test_resource_on_another_host_stops_the_build_naming_file_and_url(tmp_path):
    files = {
        name: article(f"Remoto {i}", body)
        for i, (name, (body, _)) in enumerate(sorted(REMOTE_ARTICLES.items()))
    }
    files["salud/resumen.md"] = article(
        "Resumen remoto", "Texto.", "resumen: Mira ![x](https://pixel.example/p.gif)"
    )
    files["paginas/pagina.md"] = (
        "título: Página\nestado: publicado\nslug: pagina\n\n"
        '<img src="https://mapas.example/mapa.png" alt="mapa">\n'
    )
    content = write_site(tmp_path, files)
    out = tmp_path / "output"
    proc = run_build(content, out, check=False, env=WIDE_LOG)
    log = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0, log
    expected = {name: url for name, (_, url) in REMOTE_ARTICLES.items()}
    expected["salud/resumen.md"] = "https://pixel.example/p.gif"
    expected["paginas/pagina.md"] = "https://mapas.example/mapa.png"
    for name, url in expected.items():
        assert re.search(rf"{re.escape(name)}: <\w+> carga '{re.escape(url)}'", log), name
    assert "que está en otro sitio web" in log and "which is on another website" in log
    assert "content/dibujos/" in log  # the fix
    assert not any(out.rglob("*.html")), "a failed build must write no page"


def test_link_to_another_site_does_not_stop_the_build(tmp_path):
    content = write_site(
        tmp_path,
        {
            "salud/enlace.md": article(
                "Enlace",
                "Vea [la clínica](https://clinica.example/) y <https://otra.example/>.",
                "slug: enlace",
            )
        },
    )
    out = tmp_path / "output"
    run_build(content, out)
    page = (out / "articulos" / "enlace" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://clinica.example/"' in page


def test_settings_cannot_allow_script(tmp_path):
    content = write_site(tmp_path, {"salud/a.md": article("A", "Texto.")})
    proc = run_build(
        content,
        tmp_path / "output",
        check=False,
        env=WIDE_LOG,
        extra={"SAFETY": {"allowed_tags": ["p", "script"]}},
    )
    log = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "SAFETY['allowed_tags'] incluye <script>" in log
    assert "includes <script>, which is never allowed" in log
