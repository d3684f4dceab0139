"""Sections may sit under a parent; breadcrumbs show the way down."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_section

pytestmark = pytest.mark.django_db


def test_a_section_knows_the_sections_above_it_outermost_first():
    world = make_section(name="World", slug="world")
    europe = make_section(name="Europe", slug="europe", parent=world)
    nordics = make_section(name="Nordics", slug="nordics", parent=europe)
    assert nordics.ancestry == [["World", "world"], ["Europe", "europe"]]


def test_renaming_a_parent_updates_the_breadcrumbs_below_it():
    world = make_section(name="World", slug="world")
    europe = make_section(name="Europe", slug="europe", parent=world)
    nordics = make_section(name="Nordics", slug="nordics", parent=europe)
    world.name, world.slug = "International", "international"
    world.save()
    nordics.refresh_from_db()
    assert nordics.ancestry == [["International", "international"], ["Europe", "europe"]]


def test_a_section_cannot_sit_under_itself_or_its_own_child():
    world = make_section(name="World", slug="world")
    europe = make_section(name="Europe", slug="europe", parent=world)
    world.parent = europe
    with pytest.raises(ValidationError):
        world.clean()
    world.parent = world
    with pytest.raises(ValidationError):
        world.clean()


def test_a_top_level_section_page_has_no_breadcrumbs(client):
    section = make_section(name="World", slug="world")
    assert 'class="breadcrumbs"' not in client.get(section.get_absolute_url()).content.decode()
