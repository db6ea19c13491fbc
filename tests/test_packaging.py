"""The wheel carries templates, styles, content and the demo brand, so that
`pip install .` into a fresh environment outside the checkout builds the demo."""

import os
import subprocess
import sys
import zipfile

from .conftest import REPO


def test_wheel_outside_the_checkout_builds_the_demo(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheel_dir.glob("handouts-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "handouts/_data/templates/handout.html.j2",
        "handouts/_data/styles/handout.css",
        "handouts/_data/content/mri-back-pain/easy.md",
        "handouts/_data/exercises/bridge/exercise.yaml",
        "handouts/_data/exercises/bridge/start.svg",
        "handouts/_data/brands/demo/brand.yaml",
        "handouts/_data/locales/es/LC_MESSAGES/messages.po",
        "handouts/_data/locales/messages.pot",
    ):
        assert needed in names
    # Install the wheel alone into a folder far from the checkout and run it
    # from there; the dependencies come from this environment.
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import handouts, sys; from handouts.resources import data_root; "
        "print(handouts.__file__); print(data_root()); "
        "r = handouts.render(level='easy', length='brief', output='h.pdf'); print(r.pages)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert out[1].startswith(str(target))
    assert out[2] == "1"
    # the same bytes as from the checkout: nothing of the folder gets in
    from handouts import render

    here = render(level="easy", length="brief").pdf
    assert (work / "h.pdf").read_bytes() == here
