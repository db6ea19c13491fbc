"""Symbolic links out of the folders handouts may read are refused: a level
file, article.yaml, a translation, an article folder, a template, a
stylesheet, a glossary or a prompt that is a link to a file elsewhere gives
the one-line error (exit 2) and no PDF; a link that stays inside its folder
is followed."""

from __future__ import annotations

import shutil

import pytest

from handouts import HandoutError, render
from handouts.cli import main

from .conftest import REPO, pdftotext

SECRET = "root:x:0:0:SECRET-MARKER:/root:/bin/bash"


@pytest.fixture
def secret(tmp_path):
    """A file outside every folder handouts may read."""
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content" / "mri-back-pain", root / "sym")
    return root


def _link(link, target):
    link.unlink(missing_ok=True)
    link.symlink_to(target)


def _build(runner, tmp_path, content, *args):
    out = tmp_path / "out.pdf"
    result = runner.invoke(
        main,
        ["build", "sym", "--content-dir", str(content), "-o", str(out), *args],
    )
    return result, out


@pytest.mark.parametrize(
    "name, args",
    [
        ("detailed.md", ["--level", "detailed", "--length", "full"]),
        ("easy.es.md", ["--level", "easy", "--language", "es"]),
        ("article.yaml", ["--level", "detailed", "--length", "full"]),
    ],
)
def test_an_article_s_file_that_links_out_of_its_folder_is_refused(
    runner, tmp_path, content, secret, name, args
):
    link = content / "sym" / name
    if name == "article.yaml":  # a YAML file elsewhere, read as the article's
        secret.write_text(
            (REPO / "content/mri-back-pain/article.yaml")
            .read_text(encoding="utf-8")
            .replace("Your MRI and Your Back Pain", SECRET),
            encoding="utf-8",
        )
    _link(link, secret)
    result, out = _build(runner, tmp_path, content, *args)
    assert result.exit_code == 2, result.output
    assert result.output.strip().count("\n") == 0 and "Traceback" not in result.output
    assert f"{link}: is a symbolic link that leads out of its folder" in result.output
    assert SECRET not in result.output
    assert not out.exists()


def test_an_article_folder_that_links_out_of_the_content_folder_is_refused(
    runner, tmp_path, content
):
    elsewhere = tmp_path / "elsewhere-article"
    shutil.move(content / "sym", elsewhere)
    (content / "sym").symlink_to(elsewhere)
    result, out = _build(runner, tmp_path, content)
    assert result.exit_code == 2, result.output
    assert f"{content / 'sym'}: is a symbolic link that leads out of its folder" in result.output
    assert not out.exists()


def test_a_link_inside_the_article_s_folder_is_followed(runner, tmp_path, content):
    folder = content / "sym"
    (folder / "detailed.md").rename(folder / "detailed-2026.md")
    (folder / "detailed.md").symlink_to("detailed-2026.md")
    result, out = _build(runner, tmp_path, content, "--level", "detailed", "--length", "full")
    assert result.exit_code == 0, result.output
    assert "MRI" in pdftotext(out)


def test_a_template_that_links_out_of_its_folder_is_refused(tmp_path, secret):
    secret.write_text(
        '{% extends "handouts/handout.html.j2" %}{% block personal %}' + SECRET + "{% endblock %}",
        encoding="utf-8",
    )
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "handout.html.j2").symlink_to(secret)
    out = tmp_path / "h.pdf"
    with pytest.raises(HandoutError, match="is a symbolic link that leads out of its folder"):
        render(templates=folder, length="brief", output=out)
    assert not out.exists()


def test_a_stylesheet_that_links_out_of_its_folder_is_refused(tmp_path, secret):
    secret.write_text(
        (REPO / "styles" / "handout.css").read_text(encoding="utf-8")
        + f'\nh1::after {{ content: "{SECRET}"; }}\n',
        encoding="utf-8",
    )
    folder = tmp_path / "styles"
    folder.mkdir()
    (folder / "handout.css").symlink_to(secret)
    out = tmp_path / "h.pdf"
    with pytest.raises(HandoutError, match="handout.css: is a symbolic link that leads out"):
        render(styles=folder, length="brief", output=out)
    assert not out.exists()


def test_a_glossary_that_links_out_of_its_folder_is_refused(runner, tmp_path, secret):
    secret.write_text(f"lumbar: {SECRET}\n", encoding="utf-8")
    glossary = tmp_path / "mine" / "glossary.yaml"
    glossary.parent.mkdir()
    glossary.symlink_to(secret)
    result = runner.invoke(main, ["check", "mri-back-pain", "--glossary", str(glossary)])
    assert result.exit_code == 2, result.output
    assert "--glossary: is a symbolic link that leads out of its folder" in result.output


def test_a_prompt_that_links_out_of_its_folder_is_refused(tmp_path, secret):
    from handouts.authoring import llm

    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for p in llm.PROMPTS.iterdir():
        _link(prompts / p.name, secret)
    settings = llm.Settings(url="http://127.0.0.1:9", model="m", prompts=prompts)
    env = llm._templates(settings)
    with pytest.raises(HandoutError, match="is a symbolic link that leads out of its folder"):
        env.get_template(next(llm.PROMPTS.iterdir()).name)
