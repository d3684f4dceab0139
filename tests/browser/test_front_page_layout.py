"""The front page's blocks stay whole in Chromium: with an odd number of stories in a
block, no row is left partly empty, at desktop and tablet widths."""

from datetime import timedelta

import pytest
from django.utils import timezone

from frontpage.models import Zone
from tests.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each block of tiles: its width, and each row's tiles' total width (gaps included).
ROWS = """() => [...document.querySelectorAll('.tiles')].map(grid => {
  const rows = new Map();
  for (const tile of grid.children) {
    const box = tile.getBoundingClientRect();
    const top = Math.round(box.top);
    const row = rows.get(top) || {left: box.left, right: box.right, count: 0};
    row.left = Math.min(row.left, box.left); row.right = Math.max(row.right, box.right);
    row.count += 1; rows.set(top, row);
  }
  const width = grid.getBoundingClientRect().width;
  return {heading: grid.parentElement.querySelector('h2').innerText, width,
          rows: [...rows.values()].map(r => ({width: r.right - r.left, count: r.count}))};
})"""


@pytest.fixture
def front_page(db):
    now = timezone.now()
    sizes = {"World": 5, "Business": 4, "Science": 1, "Culture": 7}
    for position, (name, count) in enumerate(sizes.items()):
        section = make_section(name=name, position=position)
        Zone.objects.create(kind=Zone.Kind.SECTION, section=section, size=count,
                            position=position + 2)
        for n in range(count):
            make_article(headline=f"{name} story {n}", section=section,
                         published_at=now - timedelta(days=position + 1, hours=n))
    Zone.objects.get_or_create(kind="lead", defaults={"size": 1, "position": 0})
    Zone.objects.get_or_create(kind="top", defaults={"size": 3, "position": 1})
    # The newest four take the lead and the top stories; the blocks keep theirs.
    for n in range(4):
        make_article(headline=f"Breaking {n}", section=section,
                     published_at=now - timedelta(minutes=n + 1))
    return sizes


@pytest.mark.parametrize("viewport", [(1280, 900), (800, 900)], ids=["desktop", "tablet"])
def test_blocks_with_any_number_of_stories_leave_no_row_partly_empty(
    live_server, new_page, screenshot, front_page, viewport
):
    page = new_page(viewport)
    page.goto(live_server.url + "/")
    blocks = {block["heading"].title(): block for block in page.evaluate(ROWS)}
    counts = {name: sum(row["count"] for row in block["rows"])
              for name, block in blocks.items() if name in front_page}
    assert counts == front_page  # an odd number of stories in World, Science and Culture
    for name, block in blocks.items():
        for row in block["rows"]:
            assert row["width"] >= block["width"] - 2, (name, block)
    screenshot(page, f"front-page-blocks-{viewport[0]}")
