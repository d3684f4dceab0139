import pytest

from tests.factories import make_article


@pytest.fixture
def article(db):
    return make_article()
