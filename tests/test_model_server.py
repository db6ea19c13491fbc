"""The llm engine's client against real local HTTP servers this test starts:
it never follows a redirect (so the key never goes to another origin),
``--timeout`` bounds the whole answer (a server that drips bytes cannot keep
a draft), a reply is capped at a few MB, and a reply cut short of its
Content-Length is a one-line error."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from handouts.authoring.llm import MAX_REPLY_BYTES

from .conftest import one_line_error
from .test_drafting_llm import answer, article, run  # noqa: F401


class Server:
    """A loopback HTTP server whose every request ``reply(handler)`` answers;
    it keeps what was asked (method, path, Authorization)."""

    def __init__(self, reply):
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                outer.requests.append((self.command, self.path, self.headers.get("Authorization")))
                try:
                    reply(self)
                except OSError:
                    pass  # the client gave up: what the test wants

            do_POST = do_GET = _any

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.origin + "/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    made = []

    def start(reply):
        made.append(Server(reply))
        return made[-1]

    yield start
    for s in made:
        s.close()


def _good() -> bytes:
    return json.dumps(answer()).encode()


def _head(handler, status=200, length=None, extra=()):
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    if length is not None:
        handler.send_header("Content-Length", str(length))
    for k, v in extra:
        handler.send_header(k, v)
    handler.end_headers()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_never_followed_and_the_key_goes_nowhere_else(article, servers, status):  # noqa: F811
    elsewhere = servers(lambda h: (_head(h, length=len(_good())), h.wfile.write(_good())))
    target = elsewhere.origin + "/v1/chat/completions"
    server = servers(lambda h: _head(h, status, 0, [("Location", target)]))
    line = one_line_error(run(article, server), f"HTTP {status}", "redirect", "nothing was written")
    assert target in line and "sk-test" not in line
    assert elsewhere.requests == []  # never asked, so never given the key
    assert server.requests == [("POST", "/v1/chat/completions", "Bearer sk-test")]
    assert not (article / "heel" / "easy.md").exists()


def test_the_timeout_bounds_the_whole_answer_not_each_read(article, servers):  # noqa: F811
    body = _good()

    def drip(handler):  # the whole answer over about 4 s, a few bytes at a time
        _head(handler, length=len(body))
        for i in range(0, len(body), 10):
            handler.wfile.write(body[i : i + 10])
            handler.wfile.flush()
            time.sleep(4 / (len(body) / 10))

    server = servers(drip)
    one_line_error(run(article, server, "--timeout", "1"), "did not answer within 1 s")
    assert not (article / "heel" / "easy.md").exists()


def test_a_reply_past_the_cap_is_refused(article, servers):  # noqa: F811
    def huge(handler):  # no Content-Length: read until the server closes
        _head(handler)
        chunk = b" " * 2**20
        for _ in range(MAX_REPLY_BYTES // 2**20 + 2):
            handler.wfile.write(chunk)
        handler.wfile.write(_good())

    server = servers(huge)
    one_line_error(run(article, server), "sent a reply larger than 4 MB", "nothing was written")
    declared = servers(lambda h: _head(h, length=300 * 2**20))  # says 300 MB, sends nothing
    one_line_error(run(article, declared), "sent a reply larger than 4 MB")
    assert not (article / "heel" / "easy.md").exists()


def test_a_reply_cut_short_of_its_length_is_one_line(article, servers):  # noqa: F811
    body = _good()
    server = servers(lambda h: (_head(h, length=len(body) + 500), h.wfile.write(body)))
    one_line_error(
        run(article, server),
        f"closed the connection {len(body)} bytes into a reply it said was {len(body) + 500}",
        "nothing was written",
    )
    assert not (article / "heel" / "easy.md").exists()


@pytest.mark.parametrize("where", ["reply", "answer"])
def test_brackets_nested_past_recursion_are_one_line(article, servers, where):  # noqa: F811
    # "["*200000 made json.loads raise RecursionError: a traceback.
    deep = "[" * 200000
    body = deep if where == "reply" else json.dumps({"choices": [{"message": {"content": deep}}]})
    server = servers(lambda h: (_head(h, length=len(body)), h.wfile.write(body.encode())))
    expected = "not an OpenAI-style chat completion" if where == "reply" else "nest too deep"
    one_line_error(run(article, server), expected, "nothing was written")
    assert not (article / "heel" / "easy.md").exists()
