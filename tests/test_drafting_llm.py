"""``handouts draft --engine llm`` against a loopback fake of an
OpenAI-compatible chat server that plays scripted answers: one over the
target then one that meets it; one that invents a number; one not in the
asked shape; a timeout; a 500; and no server at all."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from handouts.authoring.levelfile import read_level

from .authoring_helpers import FIXTURES, invoke
from .conftest import one_line_error

HARD = (
    "Plantar fasciitis constitutes a degenerative musculoskeletal condition characterized by "
    "inflammation and microtrauma of the plantar fascia, particularly following prolonged "
    "immobilization during nocturnal recumbency, necessitating comprehensive evaluation."
)
EASY_SECTIONS = [
    {
        "heading": "What Is the Plantar Fascia?",
        "text": "It is a band under your foot. It runs from your heel to your toes. It holds up "
        "your arch.\n\n### Why mornings hurt most\n\nThe band gets tight in the night. "
        "Your first steps stretch it. That hurts.",
    },
    {
        "heading": "What You Can Do",
        "text": "1. Stretch your calf before you get up.\n2. Wear good shoes, even at home.\n"
        "3. Roll a cold water bottle under your foot.\n\nMost people feel better in a "
        "few months.",
    },
]


def answer(sections=EASY_SECTIONS, **extra) -> dict:
    content = {
        "title": "Heel Pain in the Morning",
        "subtitle": "What it means",
        "intro": "Heel pain with your first steps is common. It often comes from a band "
        "under your foot.",
        "sections": sections,
        "key_points": [
            "Heel pain in the morning is common.",
            "It comes from a band under your foot.",
            "Stretching and good shoes help.",
        ],
        "what_you_can_do": ["Stretch your calf.", "Wear good shoes."],
    }
    content.update(extra)
    return {"choices": [{"message": {"role": "assistant", "content": json.dumps(content)}}]}


class FakeServer:
    """Plays ``script`` (status, body, delay) one request at a time and keeps
    what was asked."""

    def __init__(self, script):
        self.script, self.requests = list(script), []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                outer.requests.append(
                    {
                        "path": self.path,
                        "body": json.loads(self.rfile.read(length)),
                        "auth": self.headers.get("Authorization"),
                    }
                )
                status, body, delay = outer.script.pop(0)
                time.sleep(delay)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def article(tmp_path):
    root = tmp_path / "content"
    assert (
        invoke("import", FIXTURES / "heel-pain.md", "--into", root, "--slug", "heel").exit_code == 0
    )
    return root


@pytest.fixture
def serve():
    servers = []

    def start(*script):
        servers.append(FakeServer(script))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def run(root, server, *extra):
    return invoke(
        "draft",
        "heel",
        "--level",
        "easy",
        "--engine",
        "llm",
        "--url",
        server.url,
        "--model",
        "fake-model",
        "--content-dir",
        root,
        *extra,
        env={"HANDOUTS_LLM_KEY": "sk-test"},
    )


def test_over_the_target_then_a_draft_that_meets_it(article, serve):
    over = answer(
        sections=[{**EASY_SECTIONS[0], "text": HARD}, {**EASY_SECTIONS[1], "text": HARD}],
        intro=HARD,
        key_points=[HARD, HARD, HARD],
    )
    server = serve((200, over, 0), (200, answer(), 0))
    result = run(article, server)
    assert result.exit_code == 0, result.output
    assert "fake-model met the target on try 2 of 3" in result.output
    easy = read_level(article / "heel" / "easy.md")
    assert easy.meta["draft"] is True and "engine llm (model fake-model)" in easy.meta["drafted_by"]
    assert easy.meta["seek_care"] and easy.headings == [
        "What Is the Plantar Fascia?",
        "What You Can Do",
    ]
    # the second request sent the offending sentence back, and nothing but the article
    assert len(server.requests) == 2 and server.requests[0]["path"] == "/v1/chat/completions"
    feedback = server.requests[1]["body"]["messages"][-1]["content"]
    assert "Shorten these sentences" in feedback and "Plantar fasciitis constitutes" in feedback
    assert server.requests[0]["auth"] == "Bearer sk-test"
    sent = json.dumps(server.requests[0]["body"])
    assert "plantar fascia runs from your heel" in sent and "Summit" not in sent


def test_an_invented_number_is_retried_then_refused(article, serve):
    made_up = answer(
        key_points=[
            "About 75% of people feel better in 6 weeks.",
            "Heel pain is common.",
            "Stretching helps.",
        ]
    )
    server = serve((200, made_up, 0), (200, made_up, 0))
    result = run(article, server, "--tries", "2")
    line = one_line_error(
        result, "not in the source: 75%, 6", "after 2 tries", "nothing was written"
    )
    assert "numbers" in line and len(server.requests) == 2
    assert not (article / "heel" / "easy.md").exists()


def test_an_answer_in_the_wrong_shape(article, serve):
    wrong = {"choices": [{"message": {"content": "Sure! Here is a simpler version: Heel pain..."}}]}
    server = serve((200, wrong, 0))
    one_line_error(run(article, server), "not in the asked shape", "nothing was written")
    assert not (article / "heel" / "easy.md").exists()
    server = serve((200, {"choices": [{"message": {"content": json.dumps({"title": "x"})}}]}, 0))
    one_line_error(run(article, server), "not in the asked shape", "sections")


def test_a_timeout(article, serve):
    server = serve((200, answer(), 3))
    one_line_error(run(article, server, "--timeout", "0.5"), "did not answer within 0.5 s")
    assert not (article / "heel" / "easy.md").exists()


def test_a_server_error(article, serve):
    server = serve((500, b"internal error", 0))
    one_line_error(run(article, server), "answered HTTP 500", "nothing was written")
    assert not (article / "heel" / "easy.md").exists()


def test_an_empty_answer_and_no_server(article, serve):
    server = serve((200, {"choices": [{"message": {"content": "  "}}]}, 0))
    one_line_error(run(article, server), "empty answer")
    server.close()
    one_line_error(run(article, server), "cannot reach the model server")
    assert not (article / "heel" / "easy.md").exists()


def test_the_llm_engine_needs_a_url_and_a_model(article):
    result = invoke(
        "draft",
        "heel",
        "--level",
        "easy",
        "--engine",
        "llm",
        "--content-dir",
        article,
        env={"HANDOUTS_LLM_URL": "", "HANDOUTS_LLM_MODEL": ""},
    )
    one_line_error(result, "--url", "--model")


def test_a_clinic_overrides_a_prompt(article, serve, tmp_path):
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "system.txt.j2").write_text("Our clinic's own instructions.", encoding="utf-8")
    server = serve((200, answer(), 0))
    result = run(article, server, "--prompts", prompts)
    assert result.exit_code == 0, result.output
    messages = server.requests[0]["body"]["messages"]
    assert messages[0]["content"] == "Our clinic's own instructions."
    assert "Keep every number exactly" in messages[1]["content"]  # the bundled draft prompt
