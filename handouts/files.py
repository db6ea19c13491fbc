"""Reading the user's files: one place that turns every way a file can be
missing, unreadable or malformed into a one-line :class:`HandoutError`
naming the file (and the option or key, when there is one)."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import HandoutError


def read_text(path: Path, *, what: str = "file", field: str | None = None,
              missing: str | None = None) -> str:
    """The file's text (UTF-8, a byte-order mark allowed). ``missing`` words
    the error when there is no such file (default: '<what> does not exist')."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise HandoutError(missing or f"{what} does not exist", file=path, field=field)
    except IsADirectoryError:
        raise HandoutError(f"is a folder, not a {what}", file=path, field=field)
    except OSError as exc:
        raise HandoutError(f"cannot read the {what} ({exc.strerror})", file=path, field=field)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HandoutError(f"is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8",
                           file=path, field=field)


def yaml_problem(exc: Exception) -> str:
    """What is wrong in a YAML text, with its line when known."""
    mark = getattr(exc, "problem_mark", None)
    at = f" at line {mark.line + 1}" if mark is not None else ""
    if isinstance(exc, yaml.YAMLError):
        return f"is not valid YAML{at}: {getattr(exc, 'problem', None) or exc}"
    # PyYAML turns 2026-02-30 into a ValueError, not a YAMLError
    return f"holds a value YAML cannot read ({exc}); quote it if it is text"


def parse_yaml(text: str, path: Path, *, field: str | None = None):
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise HandoutError(yaml_problem(exc), file=path, field=field)


def load_yaml(path: Path, *, what: str = "file", field: str | None = None):
    path = Path(path)
    return parse_yaml(read_text(path, what=what, field=field), path, field=field)


def parse_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Markdown text with optional YAML front matter: (metadata, body)."""
    import frontmatter  # a Markdown-only need: not loaded for YAML files

    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise HandoutError("front matter " + yaml_problem(exc), file=path)
    return (post.metadata if isinstance(post.metadata, dict) else {}), post.content


def front_matter(path: Path) -> tuple[dict, str]:
    """A Markdown file with YAML front matter: (metadata, body)."""
    return parse_front_matter(read_text(path, what="Markdown file"), path)


def validation_error(exc) -> tuple[str, str]:
    """(key, message) of a pydantic ValidationError's first problem, in words."""
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    msg = err["msg"]
    if err["type"] == "missing":
        msg = "is required" + (" (the clinic name)" if loc == "name" else "")
    elif err["type"] == "extra_forbidden":
        msg = "is not a known key (check its spelling)"
    return loc, msg.removeprefix("Value error, ")
