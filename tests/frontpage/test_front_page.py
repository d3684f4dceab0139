"""The curated front page: zones of slots, their times, the fill rule, one story once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from frontpage.models import Slot, Zone
from newsroom.publishing import Status
from tests.factories import make_article, make_section, make_user, png_bytes

pytestmark = pytest.mark.django_db


def front(client):
    response = client.get("/")
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def headlines(doc, selector=".teaser-headline"):
    return [" ".join(el.text_content().split()) for el in doc.cssselect(selector)]


def blocks(doc):
    return {" ".join(b.cssselect(".block-heading")[0].text_content().split()):
            headlines(b) for b in doc.cssselect(".section-block")}


def zone(kind):
    """The lead or top zone a migration made (made again after a transactional test)."""
    sizes = {"lead": (1, 0), "top": (3, 1)}
    size, position = sizes[kind]
    return Zone.objects.get_or_create(kind=kind, defaults={"size": size, "position": position})[0]


def stories(section, count, start_hours=1):
    now = timezone.now()
    return [make_article(headline=f"{section.name} {n}", section=section,
                         published_at=now - timedelta(hours=start_hours + n))
            for n in range(count)]


def test_an_editors_lead_and_top_stories_come_first_and_the_rest_fill_by_rule(client):
    world = make_section(name="World")
    newest = stories(world, 6)
    older = make_article(headline="Chosen lead", section=world,
                         published_at=timezone.now() - timedelta(days=5))
    Slot.objects.create(zone=zone("lead"), position=1, article=older)
    Slot.objects.create(zone=zone("top"), position=2, article=newest[5])
    doc = front(client)
    assert headlines(doc, ".teaser--lead .teaser-headline") == ["Chosen lead"]
    # Positions 1 and 3 had no choice: the newest stories fill them, around the pin.
    assert headlines(doc, ".top-stories .tiles .teaser-headline") == [
        "World 0", "World 5", "World 1"]


def test_no_story_appears_twice_on_the_page(client):
    world, culture = make_section(name="World"), make_section(name="Culture")
    world_stories, culture_stories = stories(world, 8), stories(culture, 3, start_hours=20)
    culture_zone = Zone.objects.create(kind=Zone.Kind.SECTION, section=culture, size=3, position=2)
    # Pinned twice, and also among the newest of its section: it shows in the first zone.
    Slot.objects.create(zone=zone("top"), position=1, article=culture_stories[2])
    Slot.objects.create(zone=culture_zone, position=1, article=culture_stories[2])
    Slot.objects.create(zone=culture_zone, position=2, article=world_stories[0])
    doc = front(client)
    shown = headlines(doc)
    assert len(shown) == len(set(shown)) == 11
    assert headlines(doc, ".top-stories .tiles .teaser-headline")[0] == "Culture 2"
    assert blocks(doc) == {
        "Culture": ["Culture 0", "World 0", "Culture 1"],  # the pin at position 2
        "World": ["World 4", "World 5", "World 6", "World 7"],
    }


def test_a_slot_shows_its_story_only_between_its_start_and_its_end(client):
    section = make_section(name="World")
    stories(section, 4)
    now = timezone.now()
    cases = {
        "Ended": (now - timedelta(hours=2), now - timedelta(minutes=1)),
        "Not yet": (now + timedelta(minutes=5), None),
        "In force": (now - timedelta(minutes=1), now + timedelta(hours=1)),
    }
    for headline, (starts, ends) in cases.items():
        story = make_article(headline=headline, section=section,
                             published_at=now - timedelta(days=3))
        Slot.objects.create(zone=zone("lead"), position=1, article=story,
                            starts_at=starts, ends_at=ends)
    doc = front(client)
    assert headlines(doc, ".teaser--lead .teaser-headline") == ["In force"]
    # The others are stories like any: not chosen now, they wait for the section's fill.
    assert headlines(doc, ".top-stories .teaser-headline") == [
        "In force", "World 0", "World 1", "World 2"]


def test_of_two_slots_in_force_at_one_position_the_later_starting_one_shows(client):
    section = make_section()
    morning = make_article(headline="Morning pick", section=section)
    evening = make_article(headline="Evening pick", section=section)
    now = timezone.now()
    Slot.objects.create(zone=zone("lead"), position=1, article=morning)
    Slot.objects.create(zone=zone("lead"), position=1, article=evening,
                        starts_at=now - timedelta(minutes=1))
    assert headlines(front(client), ".teaser--lead .teaser-headline") == ["Evening pick"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
def test_a_slot_whose_story_readers_may_not_see_is_filled_by_rule(client, status):
    section = make_section(name="World")
    stories(section, 2)
    hidden = make_article(headline="Taken down", section=section, status=status)
    Slot.objects.create(zone=zone("lead"), position=1, article=hidden)
    doc = front(client)
    assert headlines(doc, ".teaser--lead .teaser-headline") == ["World 0"]
    assert "Taken down" not in doc.text_content()


def test_a_slot_for_a_scheduled_story_waits_for_its_publish_time(client):
    section = make_section()
    stories(section, 2)
    later = make_article(headline="Embargoed", section=section,
                         published_at=timezone.now() + timedelta(hours=1))
    Slot.objects.create(zone=zone("lead"), position=1, article=later)
    assert "Embargoed" not in front(client).text_content()


def test_a_section_block_has_the_editors_heading_size_and_place(client):
    first, second = make_section(name="First", position=0), make_section(name="Second", position=1)
    stories(first, 10)
    stories(second, 10, start_hours=30)
    Zone.objects.create(kind=Zone.Kind.SECTION, section=second, size=2, position=2,
                        title="Second opinion")
    assert list(blocks(front(client)).items()) == [
        ("Second opinion", ["Second 0", "Second 1"]),  # its zone comes before the others
        ("First", ["First 4", "First 5", "First 6", "First 7"]),
    ]


def test_teasers_show_the_focal_point_crop_with_size_and_srcset(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    story = make_article(
        headline="With a photo", featured_image=SimpleUploadedFile(
            "photo.png", png_bytes(1600, 1200), content_type="image/png"),
        featured_image_alt="A harbour at dawn", featured_image_caption="Dawn.",
        featured_image_credit="Ann Lee", featured_image_focus_x=20, featured_image_focus_y=70,
    )
    story.refresh_from_db()
    crop = story.featured_crop("16x9")
    assert crop is not None
    image = front(client).cssselect(".teaser--lead img")[0]
    assert image.get("alt") == "A harbour at dawn"
    assert (image.get("width"), image.get("height")) == (str(crop.width), str(crop.height))
    assert image.get("srcset") == crop.fallback_srcset and "16x9" in image.get("src")


def test_a_teaser_without_a_photo_shows_none(client):
    make_article(headline="Words only")
    assert front(client).cssselect(".teaser--lead img") == []


def test_editors_arrange_the_front_page_and_writers_may_not(client):
    from tests.factories import recreate_roles

    recreate_roles()
    story = make_article(headline="Editors' choice")
    lead = zone("lead")
    editor = make_user(group="Editors")
    client.force_login(editor)
    url = f"/admin/frontpage/zone/{lead.pk}/change/"
    form = {"kind": "lead", "section": "", "title": "", "size": "1", "position": "0",
            "slots-TOTAL_FORMS": "1", "slots-INITIAL_FORMS": "0",
            "slots-0-position": "1", "slots-0-article": str(story.pk),
            "slots-0-starts_at_0": "", "slots-0-starts_at_1": "",
            "slots-0-ends_at_0": "", "slots-0-ends_at_1": ""}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(lead.slots.values_list("article__headline", flat=True)) == ["Editors' choice"]
    client.force_login(make_user(group="Writers"))
    assert client.get(url).status_code == 403


def test_a_slot_ending_before_it_starts_is_refused_with_a_message(client):
    from tests.factories import recreate_roles

    recreate_roles()
    story = make_article()
    client.force_login(make_user(group="Editors"))
    top = zone("top")
    response = client.post(f"/admin/frontpage/zone/{top.pk}/change/", {
        "kind": "top", "section": "", "title": "", "size": "3", "position": "1",
        "slots-TOTAL_FORMS": "1", "slots-INITIAL_FORMS": "0",
        "slots-0-position": "4", "slots-0-article": str(story.pk),
        "slots-0-starts_at_0": "2030-01-02", "slots-0-starts_at_1": "10:00",
        "slots-0-ends_at_0": "2030-01-01", "slots-0-ends_at_1": "10:00",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end must come after the start." in page
    assert not top.slots.exists()
