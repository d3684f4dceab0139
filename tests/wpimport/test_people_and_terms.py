"""Authors, categories (sections, with their parents) and tags."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article, Section, Tag
from authors.models import Author

from . import wxr

pytestmark = pytest.mark.django_db


def test_authors_become_profiles_with_a_private_email_and_no_login(run_import, client):
    run_import(authors=[wxr.author("jdoe", id=5, email="jane@old.example.com",
                                   display_name="Jane Doe", description="Covers the courts.")],
               items=[wxr.item(1, creator="jdoe")])
    author = Author.objects.get(name="Jane Doe")
    assert (author.email, author.bio, author.user) == ("jane@old.example.com", "Covers the courts.", None)
    assert not get_user_model().objects.exists()
    page = client.get(author.get_absolute_url()).content.decode()
    assert "Jane Doe" in page and "jane@old.example.com" not in page


def test_create_users_gives_authors_a_login_without_a_password(run_import):
    run_import("--create-users", authors=[wxr.author("jdoe", display_name="Jane Doe")])
    user = Author.objects.get(name="Jane Doe").user
    assert user.username == "jdoe" and user.is_staff and not user.has_usable_password()


def test_a_creator_who_is_no_author_gets_a_profile_and_a_warning(run_import):
    out = run_import(authors=[], items=[wxr.item(1, creator="ghostwriter")])
    assert Article.objects.get().byline_authors[0].name == "ghostwriter"
    assert "names no author in the export" in out


def test_a_category_three_levels_deep_keeps_its_parents(run_import):
    run_import(categories=[wxr.category("world"), wxr.category("europe", parent="world"),
                           wxr.category("nordics", parent="europe")],
               items=[wxr.item(1, categories=[("category", "nordics", "Nordics")])])
    nordics = Section.objects.get(slug="nordics")
    assert [slug for _, slug in nordics.ancestry] == ["world", "europe"]


def test_a_child_listed_before_its_parent_still_gets_it(run_import):
    run_import(categories=[wxr.category("europe", parent="world"), wxr.category("world")])
    assert Section.objects.get(slug="europe").parent.slug == "world"


def test_nested_sections_show_in_breadcrumbs(run_import, client):
    run_import(categories=[wxr.category("world"), wxr.category("europe", parent="world"),
                           wxr.category("nordics", parent="europe")],
               items=[wxr.item(1, "Deep story", categories=[("category", "nordics", "Nordics")])])
    for url in ("/section/nordics/", Article.objects.get().get_absolute_url()):
        crumbs = client.get(url).content.decode().split('class="breadcrumbs"', 1)[1].split("</nav>")[0]
        assert crumbs.index("World") < crumbs.index("Europe") < crumbs.index("Nordics"), url


def test_tags_become_tags(run_import):
    run_import(tags=[wxr.tag("elections", "Elections")],
               items=[wxr.item(1, categories=[("category", "news", "News"),
                                              ("post_tag", "elections", "Elections")])])
    assert list(Article.objects.get().tags.values_list("name", flat=True)) == ["Elections"]


def test_a_post_in_60_categories_goes_into_its_first_and_tags_the_rest(run_import):
    categories = [wxr.category(f"cat-{n}") for n in range(60)]
    out = run_import(categories=categories, items=[wxr.item(
        1, categories=[("category", f"cat-{n}", f"Cat-{n}") for n in range(60)])])
    article = Article.objects.get()
    assert article.section.slug == "cat-0"
    assert sorted(article.tags.values_list("slug", flat=True)) == sorted(f"cat-{n}" for n in range(1, 60))
    assert "the others became tags" in out


def test_the_primary_category_wins_over_the_first(run_import):
    run_import(categories=[wxr.category("news", id=10), wxr.category("sport", id=11)],
               items=[wxr.item(1, categories=[("category", "news", "News"), ("category", "sport", "Sport")],
                               meta={"_yoast_wpseo_primary_category": "11"})])
    assert Article.objects.get().section.slug == "sport"


def test_a_post_with_no_category_goes_to_uncategorized(run_import):
    run_import(items=[wxr.item(1, categories=[])])
    assert Article.objects.get().section.slug == "uncategorized"


def test_custom_taxonomies_are_skipped_and_counted(run_import):
    out = run_import(terms=[wxr.term("main-menu")])
    assert "taxonomy “nav_menu” is not imported (1)" in out
    assert not Tag.objects.exists()
