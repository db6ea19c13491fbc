"""``serve --content-dir``: a level file that is a symbolic link out of its
article's folder is refused, through /handout.pdf and /api/author, with the
command line's one-line error; the file it points to is never shown."""

from __future__ import annotations

import httpx

from .conftest import TOKEN

SECRET = "root:x:0:0:SECRET-MARKER:/root:/bin/bash"


def test_a_level_file_linking_out_of_its_folder_is_refused_over_http(server, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    level = server.content / "mri-draft" / "detailed.md"
    kept = tmp_path / "detailed.md"
    level.rename(kept)
    level.symlink_to(secret)
    params = {
        "article": "mri-draft",
        "level": "detailed",
        "length": "full",
        "paper": "letter",
        "location": "north",
    }
    try:
        with httpx.Client(
            base_url=server.url, headers={"authorization": f"Bearer {TOKEN}"}, timeout=120
        ) as client:
            for path in ("/handout.pdf", "/api/author"):
                r = client.get(path, params=params)
                assert r.status_code == 422, (path, r.status_code, r.text[:300])
                assert "is a symbolic link that leads out of its folder" in r.text
                assert "SECRET-MARKER" not in r.text
    finally:
        level.unlink()
        kept.rename(level)
