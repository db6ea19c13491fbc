"""Reading the user's files: one place that turns every way a file can be
missing, unreadable or malformed into a one-line :class:`HandoutError`
naming the file (and the option or key, when there is one)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import HandoutError

if TYPE_CHECKING:  # for the annotations only: pydantic is imported by validate()
    from pydantic import BaseModel


def inside(
    path: Path, folder: Path | None = None, *, what: str = "file", field: str | None = None
) -> Path:
    """``path``, if it resolves inside ``folder`` (default: the folder it is
    in); else a one-line error. A symbolic link (the file's own, or a
    folder's on the way) that leads out of the folder is refused: a file
    from many hands cannot make a handout print /etc/passwd. A link that
    stays inside the folder is followed. Returns the path as resolved, the
    one to read (what was checked is what is read)."""
    path = Path(path)
    folder = Path(folder) if folder is not None else path.parent
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        link = "a symbolic link" if path.is_symlink() else "reached through a symbolic link"
        raise HandoutError(
            f"is {link} that leads out of its folder ({folder}); handouts read only "
            f"files inside it: put the {what} itself there",
            file=path,
            field=field,
        )
    return real


def read_text(
    path: Path,
    *,
    what: str = "file",
    field: str | None = None,
    parameter: str | None = None,
    missing: str | None = None,
    save_as: str = "save it as UTF-8",
    within: Path | None | bool = None,
) -> str:
    """The file's text (UTF-8, a byte-order mark allowed). ``missing`` words
    the error when there is no such file (default: '<what> does not exist');
    ``save_as`` says how to save a file that is not UTF-8. ``within`` (a
    folder, or True for the file's own folder) refuses a file that resolves
    outside it (see :func:`inside`). ``field`` or ``parameter`` (see
    :class:`HandoutError`) names what the path was given as."""
    path = Path(path)
    try:
        real = path
        if within is not None and within is not False:
            real = inside(
                path, None if within is True else within, what=what, field=parameter or field
            )
        data = real.read_bytes()
    except FileNotFoundError:
        raise HandoutError(
            missing or f"{what} does not exist", file=path, field=field, parameter=parameter
        )
    except IsADirectoryError:
        raise HandoutError(
            f"is a folder, not a {what}", file=path, field=field, parameter=parameter
        )
    except OSError as exc:
        raise HandoutError(
            f"cannot read the {what} ({exc.strerror})", file=path, field=field, parameter=parameter
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise HandoutError(
            f"is not UTF-8 text (line {line}, character {column} cannot be "
            f"read: byte {exc.start}); {save_as}",
            file=path,
            field=field,
            parameter=parameter,
        )


def _yaml():
    """PyYAML, imported on first use: a build whose article and brand come
    from the memo (see handouts.render.memo) reads no YAML at all."""
    import yaml  # on first use (see above): about 20 ms of a build

    return yaml


def yaml_problem(exc: Exception) -> str:
    """What is wrong in a YAML text, with its line when known."""
    yaml = _yaml()
    mark = getattr(exc, "problem_mark", None)
    at = f" at line {mark.line + 1}" if mark is not None else ""
    if isinstance(exc, yaml.YAMLError):
        return f"is not valid YAML{at}: {getattr(exc, 'problem', None) or exc}"
    # PyYAML turns 2026-02-30 into a ValueError, not a YAMLError
    return f"holds a value YAML cannot read ({exc}); quote it if it is text"


class DuplicateKey(ValueError):
    """A mapping in a YAML file gives the same key twice."""

    def __init__(self, key, first: int, second: int):
        self.key, self.lines = key, (first, second)
        super().__init__(f"{key}: is given twice (lines {first} and {second})")


_LOADERS = {}


def _strict_loader(yaml):
    """libyaml's safe loader where PyYAML has it (as python-frontmatter
    does: the same documents, read several times faster than in pure
    Python), refusing a key given twice in one mapping: YAML says keys are
    unique, and PyYAML lets the last one silently win (a brand file's second
    ``phone:``, pasted at the end, printed instead of the first)."""
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if base not in _LOADERS:

        class Strict(base):
            def construct_mapping(self, node, deep=False):
                if isinstance(node, yaml.MappingNode):
                    seen = {}
                    for key_node, _ in node.value:
                        if key_node.tag == "tag:yaml.org,2002:merge":
                            continue  # << merges another mapping in: its keys may be overridden
                        key = self.construct_object(key_node, deep=True)
                        line = key_node.start_mark.line + 1
                        try:
                            if key in seen:
                                raise DuplicateKey(key, seen[key], line)
                            seen[key] = line
                        except TypeError:  # a key that is a list: the constructor says so
                            continue
                return super().construct_mapping(node, deep=deep)

        _LOADERS[base] = Strict
    return _LOADERS[base]


def parse_yaml(text: str, path: Path, *, field: str | None = None, unique: bool = False):
    """The YAML ``text`` of ``path``; with ``unique``, a key given twice in
    one mapping is an error naming it and both lines (a clinic's brand file
    and locations file: see :func:`_strict_loader`)."""
    yaml = _yaml()
    plain = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=_strict_loader(yaml) if unique else plain)
    except DuplicateKey as exc:
        first, second = exc.lines
        where = f"on line {first}" if first == second else f"on lines {first} and {second}"
        raise HandoutError(
            f"is given twice, {where}; keep the one you mean (the second would win without a word)",
            file=path,
            field=str(exc.key) if field is None else f"{field}: {exc.key}",
        )
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise HandoutError(yaml_problem(exc), file=path, field=field)


def load_yaml(
    path: Path,
    *,
    what: str = "file",
    field: str | None = None,
    within: Path | bool | None = None,
    unique: bool = False,
):
    path = Path(path)
    text = read_text(path, what=what, field=field, within=within)
    return parse_yaml(text, path, field=field, unique=unique)


def parse_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """Markdown text with optional YAML front matter: (metadata, body)."""
    import frontmatter  # a Markdown-only need: not loaded for YAML files

    yaml = _yaml()
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise HandoutError("front matter " + yaml_problem(exc), file=path)
    return (post.metadata if isinstance(post.metadata, dict) else {}), post.content


def front_matter(path: Path, *, within: Path | bool | None = True) -> tuple[dict, str]:
    """A Markdown file with YAML front matter: (metadata, body); by default
    refused if it resolves outside its own folder (see :func:`inside`)."""
    return parse_front_matter(read_text(path, what="Markdown file", within=within), path)


def folder_loader(folder: Path):
    """A Jinja loader of the templates in ``folder`` that refuses a template
    resolving outside it (a symbolic link out of the folder), with the same
    one-line error as :func:`inside`. Jinja's own FileSystemLoader refuses
    ``..`` but follows links."""
    import jinja2  # the caller renders templates: loaded already

    class _Inside(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            pieces = jinja2.loaders.split_template_path(template)  # refuses ".."
            path = Path(folder, *pieces)
            if path.is_file():  # checked before it is read
                inside(path, Path(folder), what="template")
            return super().get_source(environment, template)

    return _Inside(str(folder))


def validate(
    model: type[BaseModel],
    raw,
    *,
    file,
    what: str = "keys to values (key: value)",
    at: str | None = None,
):
    """``raw`` (parsed YAML) checked against the pydantic ``model``. Every
    problem goes into one line, each naming its key:
    ``brand.yaml: colors.primary: not a colour; phone: must be text``.
    ``at`` names where ``raw`` sits in its file (``es``: the keys are
    ``es.steps``...)."""
    if not isinstance(raw, dict):
        raise HandoutError(f"must be a mapping of {what}", file=file, field=at)
    # pydantic (~60 ms to import) only when a file is parsed, never for a memo hit
    from pydantic import ValidationError

    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [_problem(model, err) for err in exc.errors()]
    if at:
        problems = [(f"{at}.{key}", message) for key, message in problems]
    (key, first), rest = problems[0], problems[1:]
    raise HandoutError(first + "".join(f"; {k}: {m}" for k, m in rest), file=file, field=key)


def _problem(model: type[BaseModel], err) -> tuple[str, str]:
    """(key, message in words) of one pydantic error."""
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        msg = "is required"
    elif err["type"] == "extra_forbidden":
        msg = "is not a known key"
        known = _keys_at(model, err["loc"][:-1])
        import difflib  # only to suggest a key for a misspelt one

        near = difflib.get_close_matches(str(err["loc"][-1]).lower(), known, n=1, cutoff=0.6)
        msg += f"; did you mean {near[0]}?" if near else " (check its spelling)"
    return loc, msg


def _keys_at(model, path) -> list[str]:
    """The keys a model accepts at ``path`` (a nested model's, for colors.x)."""
    from pydantic import BaseModel  # loaded already: validate() is the only caller

    for part in path:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        model = field.annotation if field else None
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
    return list(model.model_fields)
