"""The ``llm`` engine: a draft from a model the clinic runs itself, behind
any OpenAI-compatible chat endpoint (Ollama, a llama.cpp server, vLLM).

Only the article is sent: the prompts (templates in ``prompts/``, which a
clinic overrides with ``--prompts DIR``) and the text of ``detailed.md``;
never a patient's name, a note or a brand. The answer must be one JSON object
(title, subtitle, intro, sections, key points, steps); the red flags come
from the library, as for the rules engine, never from the model.

It loops: draft, measure with the guardrails, and send the offending numbers,
sentences and words back, until the level's target is met and the numbers
hold, or ``tries`` answers are used up; then it fails with the figures.
Every failure (the server unreachable, a redirect, a timeout, a reply too
large or cut short, an HTTP error, an empty answer, an answer in the wrong
shape) is a one-line :class:`HandoutError`, and nothing is written. The
request goes to ``--url`` only (no redirect is followed, no proxy is used),
``--timeout`` bounds the whole answer and a reply is read to at most 4 MB.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import jinja2
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import HandoutError
from ..files import folder_loader
from ..render.content import LEVEL_TARGET_GRADE, MODEL_DRAFT
from .guardrails import check_all
from .levelfile import LevelFile, parse_body, render_body
from .readability import find_hard_words
from .rules import Outline, standard_sections

PROMPTS = Path(__file__).resolve().parent / "prompts"
LEVEL_GOALS = {
    "easy": "plain language for every patient, about grade 5 to 6",
    "standard": "a faithful rewrite at about grade 8",
}
SHAPE = "a JSON object with title, sections, key_points and what_you_can_do"


@dataclass(frozen=True)
class Settings:
    """Where the model is and how long to wait for it."""

    url: str
    model: str
    key_env: str = "HANDOUTS_LLM_KEY"  # the environment variable holding an API key, if any
    tries: int = 3
    timeout: float = 120.0
    prompts: Path | None = None  # a clinic's folder of prompt templates


class _Section(BaseModel):
    model_config = ConfigDict(extra="ignore")
    heading: str
    text: str


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    title: str
    subtitle: str | None = None
    intro: str | None = None
    sections: list[_Section]
    key_points: list[str]
    what_you_can_do: list[str] = []


def _templates(settings: Settings) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(PROMPTS))]
    if settings.prompts is not None:
        if not Path(settings.prompts).is_dir():
            raise HandoutError(
                "is not a folder of prompt templates", file=settings.prompts, field="--prompts"
            )
        loaders.insert(0, folder_loader(Path(settings.prompts)))  # no link out of it
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _endpoint(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/chat/completions") else url + "/chat/completions"


MAX_REPLY_BYTES = 4 * 2**20  # an answer is a few KB; a reply past this is refused
_CHUNK = 64 * 1024


def ask(settings: Settings, messages: list[dict]) -> str:
    """One chat completion: the answer's text. Raises :class:`HandoutError`.

    The request goes to ``--url`` and nowhere else: a redirect is an error,
    never followed (the key would go with it). ``--timeout`` bounds the whole
    answer, from connecting to its last byte, and a reply is read to at most
    :data:`MAX_REPLY_BYTES`."""
    body = json.dumps(
        {"model": settings.model, "messages": messages, "temperature": 0, "stream": False}
    ).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    key = os.environ.get(settings.key_env or "")
    if key:
        headers["Authorization"] = f"Bearer {key}"
    where = f"the model server at {settings.url}"
    url = urllib.parse.urlsplit(_endpoint(settings.url))
    if url.scheme not in ("http", "https") or not url.hostname:
        raise HandoutError(
            f"{settings.url!r} is not a web address (http://HOST:PORT/...); nothing was written",
            field="--url",
        )
    deadline = time.monotonic() + settings.timeout
    try:
        status, reason, location, raw = _post(url, body, headers, deadline)
    except _TooSlow:
        raise HandoutError(
            f"{where} did not answer within {settings.timeout:g} s (--timeout); "
            "nothing was written",
            field="--url",
        )
    except _TooLarge:
        raise HandoutError(
            f"{where} sent a reply larger than {MAX_REPLY_BYTES // 2**20} MB; nothing was written",
            field="--url",
        )
    except http.client.IncompleteRead as exc:
        raise HandoutError(
            f"{where} closed the connection {len(exc.partial)} bytes into a reply it said "
            f"was {len(exc.partial) + (exc.expected or 0)} bytes; nothing was written",
            field="--url",
        )
    except (OSError, http.client.HTTPException, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise HandoutError(f"cannot reach {where} ({reason}); nothing was written", field="--url")
    if 300 <= status < 400:
        raise HandoutError(
            f"{where} answered HTTP {status} ({reason}), a redirect"
            + (f" to {location}" if location else "")
            + "; handouts never follows a model server's redirects (the key would go with it): "
            "give the address it answers at as --url; nothing was written",
            field="--url",
        )
    if status >= 400:
        raise HandoutError(
            f"{where} answered HTTP {status} ({reason}); nothing was written", field="--url"
        )
    return _content(raw, where)


class _TooSlow(Exception):
    """The answer did not end before the deadline."""


class _TooLarge(Exception):
    """The reply is past :data:`MAX_REPLY_BYTES`."""


def _post(url, body: bytes, headers: dict, deadline: float):
    """POST ``body`` to ``url`` (split) and read the reply by the deadline:
    (status, reason, Location, body). Each wait on the socket is bounded by
    the time left, so a server that drips a byte a second cannot keep it."""
    left = lambda: deadline - time.monotonic()  # noqa: E731
    cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    connection = cls(url.hostname, url.port, timeout=max(left(), 0.001))
    try:
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        connection.request("POST", path, body=body, headers=headers)
        sock = connection.sock  # the response keeps reading from it (the connection may not)
        sock.settimeout(max(left(), 0.001))
        response = connection.getresponse()
        declared = response.getheader("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > MAX_REPLY_BYTES:
            raise _TooLarge()
        chunks, size = [], 0
        while True:
            if left() <= 0:
                raise _TooSlow()
            sock.settimeout(max(left(), 0.001))
            chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise _TooLarge()
            chunks.append(chunk)
        if response.length:  # the reply ended short of its Content-Length
            raise http.client.IncompleteRead(b"".join(chunks), response.length)
        return response.status, response.reason, response.getheader("Location"), b"".join(chunks)
    except (TimeoutError, socket.timeout):
        raise _TooSlow()
    finally:
        connection.close()


def _content(raw: bytes, where: str) -> str:
    try:
        data = json.loads(raw.decode("utf-8"))
        text = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError, RecursionError):  # "["*200000
        raise HandoutError(
            f"{where} sent a reply that is not an OpenAI-style chat completion; "
            "nothing was written",
            field="--url",
        )
    if not isinstance(text, str) or not text.strip():
        raise HandoutError(f"{where} sent an empty answer; nothing was written", field="--url")
    return text


def parse_answer(text: str) -> _Answer:
    """The model's answer as data, or a one-line error saying what is wrong."""
    text = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", text.strip())
    try:
        answer = _Answer.model_validate(json.loads(text))
    except (ValueError, RecursionError) as exc:
        detail = (
            "its brackets nest too deep to read"
            if isinstance(exc, RecursionError)  # json.loads("[" * 200000)
            else str(exc).splitlines()[0]
            if not isinstance(exc, ValidationError)
            else "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:2])
        )
        raise HandoutError(
            f"the model's answer is not in the asked shape ({SHAPE}): {detail}; "
            "nothing was written",
            field="--engine",
        )
    if not answer.sections or not answer.key_points:
        raise HandoutError(
            f"the model's answer is not in the asked shape ({SHAPE}): no sections "
            "or no key points; nothing was written",
            field="--engine",
        )
    return answer


def _as_text(markdown: str) -> str:
    """The model's Markdown with every ``<`` written ``&lt;``: raw HTML in it
    (a ``<style>`` that hides the DRAFT band, a script) prints as the text it
    is, even in an article marked ``trusted``, and no ``<`` is left for a
    backslash before it to undo."""
    return markdown.replace("<", "&lt;")


def _assemble(answer: _Answer, source: LevelFile, level: str, plan: Outline, model: str):
    """(front matter, body) of the draft from the model's answer; its words
    are text, never HTML (see :func:`_as_text`)."""
    intro = _as_text((answer.intro or "").strip())
    body = (
        (intro + "\n\n" if intro else "")
        + "\n\n".join(
            f"## {' '.join(s.heading.split())}\n\n{_as_text(s.text.strip())}"
            for s in answer.sections
        )
        + "\n"
    )
    sections = parse_body(body)
    care = [f.text(level) for f in plan.flags] if plan.flags else list(plan.seek_care)
    meta = {
        "title": answer.title.strip(),
        "subtitle": (answer.subtitle or "").strip() or None,
        "drafted_by": f"handouts draft {MODEL_DRAFT} (model {model})",
        "key_points": [_as_text(k.strip()) for k in answer.key_points][:5],
        "what_you_can_do": [_as_text(k.strip()) for k in answer.what_you_can_do][:4],
        "seek_care": care,
        "standard_sections": standard_sections(source, sections, level),
    }
    return meta, render_body(sections)


def draft(
    source: LevelFile,
    level: str,
    plan: Outline,
    glossary: dict[str, str],
    settings: Settings | None,
):
    """(front matter, body, report notes) of a draft that meets the level's
    target and keeps the numbers, or a :class:`HandoutError` with the figures."""
    if settings is None or not settings.url or not settings.model:
        raise HandoutError(
            "the llm engine needs --url (the server, e.g. http://localhost:11434/v1) and --model",
            field="--engine",
        )
    env = _templates(settings)
    article = render_body(source.sections)
    goal = {"level": level, "level_goal": LEVEL_GOALS[level]}
    messages = [
        {"role": "system", "content": env.get_template("system.txt.j2").render()},
        {
            "role": "user",
            "content": env.get_template("draft.txt.j2").render(
                **goal, target=_target(level), title=source.meta.get("title") or "", article=article
            ),
        },
    ]
    for attempt in range(1, max(1, settings.tries) + 1):
        text = ask(settings, messages)
        meta, body = _assemble(parse_answer(text), source, level, plan, settings.model)
        guard = check_all(source, LevelFile(source.path, meta, parse_body(body)), level)
        if guard.numbers.passed and guard.grade.passed:
            return (
                meta,
                body,
                [f"  llm: {settings.model} met the target on try {attempt} of {settings.tries}"],
            )
        messages += [
            {"role": "assistant", "content": text},
            {"role": "user", "content": _revise(env, guard, body, glossary, level)},
        ]
    tries = f"after {settings.tries} tr{'y' if settings.tries == 1 else 'ies'}"
    if not guard.numbers.passed:
        raise HandoutError(
            f"the model's {level} draft {guard.numbers.message()} {tries}; nothing was written",
            field="numbers",
        )
    raise HandoutError(
        f"the model's {level} draft reads at grade {guard.grade.after:.1f} {tries}; "
        f"the target is {guard.grade.target:g} or below; nothing was written",
        field="--level",
    )


def _target(level: str):
    target = LEVEL_TARGET_GRADE.get(level)
    return f"{target:g}" if target is not None else None


def _revise(env, guard, body: str, glossary: dict[str, str], level: str) -> str:
    hard = [h.word for h in find_hard_words([body], glossary)][:12]
    return env.get_template("revise.txt.j2").render(
        grade=guard.grade.after,
        target=_target(level),
        invented=guard.numbers.invented,
        lost=guard.numbers.lost,
        long_sentences=[s for _, s in guard.grade.long_sentences][:10],
        hard_words=hard,
    )
