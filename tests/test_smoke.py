from conftest import NAV_SOURCES, built_path


def test_every_nav_page_is_built(site):
    missing = [src for src in NAV_SOURCES if not (site / built_path(src)).is_file()]
    assert not missing, f"pages in the nav with no built HTML: {missing}"


def test_served_home_page_answers(server):
    import urllib.request

    with urllib.request.urlopen(server) as response:
        assert response.status == 200
        assert b"<h1" in response.read()
