"""Each Site renders with its own theme: its templates first, then the default theme's."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from storyshop.home.models import HomePage
from storyshop.themes.checks import check_default_theme, check_saved_themes_exist
from storyshop.themes.folders import static_dirs
from storyshop.themes.models import ThemeSettings
from storyshop.themes.resolution import using_theme
from tests.factories import article, article_index, home_page

pytestmark = pytest.mark.django_db

BATIK_HOST = "batik.example"
DEFAULT_FOOTER = "Stories first, shop second. Built with Wagtail."


@pytest.fixture
def themes(settings, tmp_path) -> Path:
    """A themes folder with the real default theme and three throwaway ones.

    `batik` overrides `base.html` (and has its own stylesheet); `kawung` overrides only the
    story footer partial; `sogan`'s `base.html` extends the default one to change one block.
    Changing the setting resets the template loaders' caches, on the way in and again when
    the settings fixture puts it back, so nothing leaks into other tests.
    """
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "default").symlink_to(Path(settings.STORYSHOP_THEMES_DIR) / "default")
    default_base = (folder / "default" / "templates" / "base.html").read_text()
    batik_base = default_base.replace(DEFAULT_FOOTER, "Woven in the batik theme.").replace(
        "{% static 'css/storyshop.css' %}", "{% static 'batik/css/theme.css' %}"
    )
    write(folder / "batik" / "templates" / "base.html", batik_base)
    write(folder / "batik" / "static" / "css" / "theme.css", "body { color: indigo; }\n")
    write(
        folder / "kawung" / "templates" / "content" / "includes" / "story_footer.html",
        '<footer class="story__footer">Kawung footer</footer>\n',
    )
    write(
        folder / "sogan" / "templates" / "base.html",
        '{% extends "base.html" %}{% block body_class %}theme-sogan{% endblock %}\n',
    )
    (folder / "not-a-theme").mkdir()  # no templates/ folder
    settings.STORYSHOP_THEMES_DIR = folder
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, BATIK_HOST]
    return folder


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def second_site(theme: str) -> tuple[Site, Page]:
    """A Site on BATIK_HOST with its own home page and story, using `theme`."""
    root = Page.get_first_root_node().add_child(
        instance=HomePage(title="Batik house", slug="batik-house")
    )
    site = Site.objects.create(hostname=BATIK_HOST, root_page=root)
    set_theme(site, theme)
    return site, article(article_index(root, title="Batik stories"), title="Parang")


def set_theme(site: Site, theme: str) -> None:
    settings = ThemeSettings.for_site(site)
    settings.theme = theme
    settings.save()


def page_html(client, page: Page, host: str = "testserver") -> str:
    response = client.get(page.url, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def test_each_site_renders_with_its_own_theme(client, themes):
    _, batik_story = second_site("batik")
    default_story = article(article_index(), title="Gayo")

    batik = page_html(client, batik_story, BATIK_HOST)
    default = page_html(client, default_story)

    assert "Woven in the batik theme." in batik
    assert DEFAULT_FOOTER not in batik
    assert 'href="/static/batik/css/theme.css"' in batik
    assert "story__header" in batik  # the story's own templates are the default theme's
    assert DEFAULT_FOOTER in default
    assert "batik" not in default
    assert 'href="/static/css/storyshop.css"' in default


def test_a_theme_may_override_a_single_partial(client, themes):
    _, story = second_site("kawung")

    html = page_html(client, story, BATIK_HOST)

    assert "Kawung footer" in html  # included by the default theme's story_base.html
    assert DEFAULT_FOOTER in html  # base.html is the default theme's


def test_a_theme_template_may_extend_the_default_one_it_overrides(client, themes):
    second_site("sogan")

    response = client.get("/no-such-page/", HTTP_HOST=BATIK_HOST)  # 404.html extends base.html
    html = response.content.decode()

    assert response.status_code == 404
    assert '<body class="theme-sogan">' in html
    assert DEFAULT_FOOTER in html


def test_a_new_theme_takes_effect_on_the_next_request(client, themes):
    story = article(article_index(), title="Gayo")
    site = Site.objects.get(is_default_site=True)
    before = page_html(client, story)

    set_theme(site, "batik")
    after = page_html(client, story)
    ThemeSettings.for_site(site).delete()
    back = page_html(client, story)

    assert DEFAULT_FOOTER in before
    assert "Woven in the batik theme." in after
    assert DEFAULT_FOOTER in back


def test_a_theme_whose_folder_is_gone_falls_back_to_default_and_the_check_warns(client, themes):
    site, story = second_site("batik")
    set_theme(site, "retired")

    html = page_html(client, story, BATIK_HOST)
    warnings = check_saved_themes_exist(databases=["default"])

    assert DEFAULT_FOOTER in html
    assert [warning.id for warning in warnings] == ["themes.W002"]
    assert "'retired'" in warnings[0].msg
    assert BATIK_HOST in warnings[0].msg


def test_installed_themes_pass_the_checks(themes):
    second_site("batik")

    assert check_saved_themes_exist(databases=["default"]) == []
    assert check_default_theme() == []


def test_a_themes_folder_without_the_default_theme_is_reported(settings, tmp_path):
    settings.STORYSHOP_THEMES_DIR = tmp_path / "no-themes-here"

    assert [warning.id for warning in check_default_theme()] == ["themes.W001"]


def test_a_warm_themed_page_costs_no_more_queries_than_a_default_one(client, themes):
    _, batik_story = second_site("batik")
    default_story = article(article_index(), title="Gayo")

    def warm_queries(page: Page, host: str) -> list[dict]:
        page_html(client, page, host)  # the first request looks the theme up
        with CaptureQueriesContext(connection) as queries:
            page_html(client, page, host)
        return queries.captured_queries

    themed = warm_queries(batik_story, BATIK_HOST)
    default = warm_queries(default_story, "testserver")

    assert len(themed) == len(default)
    assert not any("themes_themesettings" in query["sql"] for query in themed + default)


def test_the_cold_lookup_reuses_wagtails_site_and_reads_the_setting_once(client, themes):
    story = article(article_index(), title="Gayo")
    page_html(client, story)  # warms Wagtail's caches (site root paths, renditions)
    set_theme(Site.objects.get(is_default_site=True), "batik")  # empties the theme cache

    with CaptureQueriesContext(connection) as cold:
        page_html(client, story)
    with CaptureQueriesContext(connection) as warm:
        page_html(client, story)

    assert len(cold) == len(warm) + 1
    assert sum("themes_themesettings" in query["sql"] for query in cold) == 1


def test_the_admin_lists_the_theme_folders_per_site(admin_client, themes):
    site = Site.objects.get(is_default_site=True)

    html = admin_client.get(f"/admin/settings/themes/themesettings/{site.pk}/").content.decode()

    assert '<option value="default" selected>Default</option>' in html
    assert '<option value="batik">Batik</option>' in html
    assert '<option value="kawung">Kawung</option>' in html
    assert '<option value="sogan">Sogan</option>' in html
    assert "not-a-theme" not in html


def test_code_outside_a_request_renders_the_default_theme_or_the_one_it_names(themes):
    footer = "content/includes/story_footer.html"
    context = {"page": home_page()}

    assert "Kawung footer" not in render_to_string(footer, context)
    with using_theme("kawung"):
        assert "Kawung footer" in render_to_string(footer, context)
    with using_theme("no-such-theme"):
        assert "Kawung footer" not in render_to_string(footer, context)
    assert "Kawung footer" not in render_to_string(footer, context)


def test_a_themes_static_files_are_served_under_its_name(settings, themes):
    dirs = static_dirs(themes)
    settings.STATICFILES_DIRS = dirs

    assert dirs == [themes / "default" / "static", ("batik", themes / "batik" / "static")]
    assert finders.find("batik/css/theme.css") == str(themes / "batik/static/css/theme.css")
    assert finders.find("css/storyshop.css") == str(themes / "default/static/css/storyshop.css")


def test_a_host_django_refuses_gets_its_400_without_a_theme_lookup(client, themes):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert not any("themes_themesettings" in query["sql"] for query in queries)
