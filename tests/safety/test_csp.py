"""Every page carries the Content-Security-Policy and no-referrer meta tags early in
<head>, and nothing in the built site loads from another host or runs inline.

Runs on the production build of the shipped content (fixture ``sample_site``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

# What fetches something when the page loads (the policy must come before all of it).
RESOURCE_TAGS = {
    "link",
    "script",
    "style",
    "img",
    "picture",
    "source",
    "audio",
    "video",
    "iframe",
    "object",
    "embed",
    "base",
    "input",
}
ONLY_SELF = {"'self'", "'none'"}


class PageScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []  # (index, tag, attrs) in document order
        self.inline_scripts = 0
        self._script_open = False
        self.head_closed_at = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((len(self.tags), tag, dict(attrs)))
        self._script_open = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "head" and self.head_closed_at is None:
            self.head_closed_at = len(self.tags)
        if tag == "script":
            self._script_open = False

    def handle_data(self, data):
        if self._script_open and data.strip():
            self.inline_scripts += 1


def scan(path) -> PageScan:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def pages(site):
    found = sorted(site.rglob("*.html"))
    assert len(found) > 10, "the sample build should have many pages"
    return found


def policy(page: PageScan) -> dict[str, list[str]]:
    metas = [
        a
        for _, t, a in page.tags
        if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(metas) == 1, "exactly one CSP meta tag"
    directives = {}
    for part in metas[0]["content"].split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def is_local(url: str) -> bool:
    url = url.strip()
    return not url.startswith("//") and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url)


def test_every_page_has_csp_and_referrer_first_in_head(sample_site):
    for path in pages(sample_site):
        page = scan(path)
        rel = path.relative_to(sample_site)
        order = {
            t
            if t != "meta"
            else (
                a.get("http-equiv") or a.get("name") or ("charset" if "charset" in a else "meta")
            ).lower(): i
            for i, t, a in reversed(page.tags)
        }  # first occurrence of each
        assert "charset" in order, f"{rel}: no <meta charset>"
        assert "content-security-policy" in order, f"{rel}: no CSP meta tag"
        assert "referrer" in order, f"{rel}: no referrer meta tag"
        first_resource = min((i for i, t, _ in page.tags if t in RESOURCE_TAGS), default=10**6)
        for name in ("content-security-policy", "referrer"):
            assert order["charset"] < order[name] < first_resource, f"{rel}: {name} too late"
            assert page.head_closed_at is not None and order[name] < page.head_closed_at, rel
        text = path.read_text(encoding="utf-8")
        assert text.find("Content-Security-Policy") < 1024, f"{rel}: CSP not in the first KB"
        referrer = [a for _, t, a in page.tags if t == "meta" and a.get("name") == "referrer"]
        assert referrer[0]["content"] == "no-referrer", rel


def test_policy_allows_only_the_site_itself(sample_site):
    for path in pages(sample_site):
        directives = policy(scan(path))
        rel = path.relative_to(sample_site)
        assert directives["default-src"] == ["'self'"], rel
        if rel.parts[:1] == ("buscar",) or rel.parts[:2] == ("en", "search"):
            # The search page alone runs Pagefind's WebAssembly (issue 12): still no
            # inline script, no eval, no host.
            assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"], rel
            directives["script-src"] = ["'self'"]
        assert directives["script-src"] == ["'self'"], rel  # no inline, no eval, no host
        assert directives["object-src"] == ["'none'"], rel
        assert directives["base-uri"] in (["'self'"], ["'none'"]), rel
        for name, sources in directives.items():
            assert set(sources) <= ONLY_SELF, f"{rel}: {name} allows {sources}"


def test_no_inline_script_style_or_event_handler(sample_site):
    for path in pages(sample_site):
        page = scan(path)
        rel = path.relative_to(sample_site)
        assert page.inline_scripts == 0, f"{rel}: inline <script>"
        for _, tag, attrs in page.tags:
            assert tag != "style", f"{rel}: <style> block"
            assert "style" not in attrs, f"{rel}: style= on <{tag}>"
            handlers = [a for a in attrs if a.startswith("on")]
            assert not handlers, f"{rel}: {handlers} on <{tag}>"
            if tag == "script":
                assert attrs.get("src"), f"{rel}: <script> without src"


def test_nothing_loads_from_another_host(sample_site):
    for path in pages(sample_site):
        rel = path.relative_to(sample_site)
        for _, tag, attrs in scan(path).tags:
            urls = []
            for name in ("src", "poster", "data"):
                if attrs.get(name):
                    urls.append(attrs[name])
            for name in ("srcset", "imagesrcset"):
                if attrs.get(name):
                    urls.extend(c.split()[0] for c in attrs[name].split(",") if c.split())
            if tag == "link" and attrs.get("href") and "alternate" not in (attrs.get("rel") or ""):
                urls.append(attrs["href"])
            if tag == "use":  # an SVG icon drawn from a file
                urls.extend(attrs[n] for n in ("href", "xlink:href") if attrs.get(n))
            for url in urls:
                assert is_local(url), f"{rel}: <{tag}> loads {url}"


def test_stylesheets_load_nothing_from_elsewhere(sample_site):
    sheets = sorted(sample_site.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        for url in re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css):
            assert is_local(url), f"{sheet.relative_to(sample_site)}: url({url})"
        assert "@import" not in css, sheet


@pytest.mark.parametrize("rel", ["index.html", "404.html"])
def test_key_pages_exist_with_policy(sample_site, rel):
    assert "Content-Security-Policy" in (sample_site / rel).read_text(encoding="utf-8")


def test_hosting_guide_uses_the_same_policy_plus_frame_ancestors(sample_site):
    """docs/cabeceras-http.md gives hosts the page policy plus frame-ancestors 'none'."""
    from voces_testing import ROOT

    meta = policy(scan(sample_site / "index.html"))
    guide = (ROOT / "docs" / "cabeceras-http.md").read_text(encoding="utf-8")
    lines = [line.strip() for line in guide.splitlines() if line.strip().startswith("default-src")]
    assert lines, "the guide has no policy line"
    for line in lines:
        directives = {w.split()[0]: w.split()[1:] for w in line.split(";") if w.split()}
        assert directives.pop("frame-ancestors") == ["'none'"]
        assert directives == meta
    for header in (
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Permissions-Policy",
        "Strict-Transport-Security",
        "GitHub Pages",
    ):
        assert header in guide
