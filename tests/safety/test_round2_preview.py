"""Issue 9, the preview server (``voces ver``): no DNS rebinding, no silent network.

- A request whose ``Host`` does not name this server (a rebinding attacker's host
  name) is refused with 421 and gets no draft.
- A non-loopback ``--direccion`` (``0.0.0.0``) is refused without ``--toda-la-red``;
  with it, a loud warning.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import threading

import pytest

DRAFT = "<p>BORRADOR-SECRETO</p>"


@pytest.fixture
def preview(tmp_path):
    import socketserver

    from voces.preview_server import PreviewHandler

    (tmp_path / "index.html").write_text(DRAFT, encoding="utf-8")
    handler = functools.partial(PreviewHandler, directory=str(tmp_path))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    # shutdown() waits for serve_forever to look again: every 0.5 s by default.
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, host: str | None, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest(method, "/", skip_host=True)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode("utf-8", errors="replace")
    conn.close()
    return response.status, body


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "127.0.0.1.nip.io:{port}",
        "localhost.evil.example:{port}",
        "127.0.0.1:1",
        "",
        None,
    ],
)
def test_a_foreign_host_gets_no_draft(preview, host):
    status, body = get(preview, None if host is None else host.format(port=preview))
    assert status == 421
    assert "BORRADOR-SECRETO" not in body
    assert "127.0.0.1" in body or status == 421


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_editors_own_browser_is_answered(preview, host):
    status, body = get(preview, host.format(port=preview))
    assert status == 200 and "BORRADOR-SECRETO" in body


def test_head_requests_are_checked_too(preview):
    status, _ = get(preview, f"evil.example:{preview}", method="HEAD")
    assert status == 421


def serve_args(tmp_path, bind, whole_network=False):
    return argparse.Namespace(
        root=tmp_path,
        bind=bind,
        port=0,
        production=False,
        once=True,
        quiet=True,
        verbose=False,
        whole_network=whole_network,
    )


@pytest.mark.parametrize("bind", ["0.0.0.0", "192.168.1.20", "::"])
def test_serving_the_whole_network_needs_a_second_flag(tmp_path, capsys, bind):
    from voces.commands import ver

    assert ver.run(serve_args(tmp_path, bind)) == 2
    err = capsys.readouterr().err
    assert "--toda-la-red" in err and "--whole-network" in err
    assert not (tmp_path / ".preview").exists()  # refused before building anything


def test_the_flag_exists_and_the_warning_is_loud():
    from voces.commands import ver
    from voces.preview_server import bind_problem, network_warning

    parser = argparse.ArgumentParser()
    ver.configure(parser)
    assert parser.parse_args(["--toda-la-red"]).whole_network
    assert bind_problem("0.0.0.0", True) is None
    es, en = network_warning("0.0.0.0", 8000)
    assert "TODA LA RED" in es and "BORRADORES" in es and "WHOLE NETWORK" in en
    assert network_warning("127.0.0.1", 8000) is None
