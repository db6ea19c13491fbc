"""One ``handouts serve`` for the web tests, started as a clinic starts it
(the command, a port of its own, a chain's locations, an access token), and
one Chromium for the browser tests, in each xdist worker that runs them.
The server has one render worker, so two of them load the machine as one
server with two would."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789abcdef"
CHAIN = REPO / "examples" / "chain"


@dataclass
class Server:
    url: str  # without the token
    process: subprocess.Popen
    log: Path  # everything it printed, stdout and stderr
    tmp: Path  # its TMPDIR
    content: Path  # the --content-dir it watches

    def with_token(self, path: str = "/") -> str:
        return f"{self.url}{path.lstrip('/')}{'&' if '?' in path else '?'}token={TOKEN}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def worker_pids(self) -> list[int]:
        """The render workers: the server's child processes that render."""
        kids = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            kids += [int(p) for p in (task / "children").read_text().split()]
        return [p for p in kids if "spawn_main" in _cmdline(p)]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _content(root: Path) -> Path:
    """The bundled article, and one without its easy and standard levels."""
    content = root / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", content / "mri-back-pain")
    draft = content / "mri-draft"
    shutil.copytree(REPO / "content" / "mri-back-pain", draft)
    (draft / "easy.md").unlink()
    (draft / "standard.md").unlink()
    meta = draft / "article.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            'title: "Your MRI and Your Back Pain"', 'title: "MRI findings (a draft)"', 1
        ),
        encoding="utf-8",
    )
    return content


def start_server(
    root: Path, *options: str, content: Path | None = None, env: dict | None = None
) -> Server:
    """``handouts serve`` started as a clinic starts it, with ``options``
    (the brand, the locations...), its own TMPDIR and one render worker, in
    ``root``; returns once it says where it listens."""
    content = content or _content(root)
    tmp, log = root / "tmp", root / "server.log"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1", **(env or {})}
    command = [
        str(Path(sys.executable).parent / "handouts"),
        "serve",
        "--port",
        "0",
        "--content-dir",
        str(content),
        *options,
        "--token",
        TOKEN,
        "--workers",
        "1",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=root)
    deadline = time.monotonic() + 60
    while not (m := re.search(r"Serving handouts on (https?://\S+/)", log.read_text())):
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    url = m.group(1).split("?")[0]
    return Server(url=url, process=process, log=log, tmp=tmp, content=content)


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    started = start_server(
        root,
        "--brand",
        str(CHAIN / "brand.yaml"),
        "--locations",
        str(CHAIN / "locations.csv"),
    )
    yield started
    stop_server(started)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # the browser tests' own driver

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser profile that has been let in with the token (on a
    page that renders nothing)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)  # the first render warms a worker; CI is busy
    page = context.new_page()
    page.goto(server.with_token("/static/app.css"))  # the cookie, without rendering
    yield page
    context.close()
