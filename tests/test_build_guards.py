"""The publishing build refuses what would break the offline copy, or an address
that is not one, naming the problem. (Mistakes in the pages: test_bad_input.py.)"""

from __future__ import annotations

from tools import offline, publish


def test_an_offline_copy_loading_the_shim_from_unpkg_is_refused(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.js").write_text("var __index = {}")
    (tmp_path / "about.html").write_text("<h1>About</h1>")
    (tmp_path / "index.html").write_text('<script src="https://unpkg.com/iframe-worker/shim"></script>'
                                         '<a href="about.html">About</a>')
    assert offline.problems(tmp_path) == ["index.html loads the search shim from unpkg.com"]


def test_an_offline_copy_linking_to_folders_is_refused(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.js").write_text("var __index = {}")
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("<h1>About</h1>")
    (tmp_path / "index.html").write_text('<a href="about/">About</a> <a href="https://example.org/">web</a>')
    assert offline.problems(tmp_path) == ["index.html: the link 'about/' points to a folder"]


def test_an_offline_copy_without_its_search_index_is_refused(tmp_path):
    (tmp_path / "about.html").write_text("<h1>About</h1>")
    (tmp_path / "index.html").write_text('<a href="about.html">About</a>')
    assert offline.problems(tmp_path) == [
        "search/search_index.js is missing, so search cannot work from a folder"
    ]


def test_the_publishing_build_refuses_a_site_url_that_is_not_a_web_address(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SITE_URL", "example.github.io/microneedling-guide/")
    assert publish.main(["--site-dir", str(tmp_path / "site")]) == 2
    message = capsys.readouterr().err
    assert "SITE_URL=https://example.github.io/microneedling-guide/" in message and "leave it unset" in message
    assert not (tmp_path / "site").exists()
