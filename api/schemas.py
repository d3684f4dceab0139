"""What the API answers, as schemas (they become the OpenAPI document)."""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class Rendition(Schema):
    width: int = Field(description="Pixels across.")
    url: str
    type: str = Field(description="image/webp, image/jpeg or image/png.")


class Image(Schema):
    alt: str
    caption: str
    credit: str
    width: int
    height: int
    src: str = Field(description="The widest fallback (JPEG or PNG) rendition.")
    renditions: list[Rendition] = Field(description="Every size, WebP and fallback.")
    crops: dict[str, list[Rendition]] = Field(
        description='Cut around the editor\'s focal point: "16x9", "4x3", "1x1".')


class SectionRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class Crumb(Schema):
    slug: str
    name: str
    url: str


class Section(SectionRef):
    description: str
    parent: SectionRef | None
    breadcrumbs: list[Crumb] = Field(description="The sections above, outermost first.")


class TagRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class Tag(TagRef):
    description: str


class AuthorRef(Schema):
    id: int
    slug: str
    name: str
    job_title: str
    url: str


class Author(AuthorRef):
    bio: str
    links: list[str] = Field(description="Website and profiles (http(s) or mailto).")
    photo: Image | None


class Source(Schema):
    name: str
    url: str | None


class Correction(Schema):
    kind: str = Field(description='"correction" or "update".')
    note: str
    created_at: datetime


class ArticleSummary(Schema):
    id: int
    slug: str
    url: str
    headline: str
    standfirst: str
    section: SectionRef
    authors: list[AuthorRef]
    tags: list[TagRef]
    published_at: datetime | None
    modified_at: datetime | None
    image: Image | None


class Article(ArticleSummary):
    body: str = Field(description="The story as sanitised HTML.")
    source: Source | None
    corrections: list[Correction]
    comments_open: bool
    status: str = Field(description='"published" to readers; a preview shows the draft\'s.')


class PageRef(Schema):
    id: int
    slug: str
    title: str
    url: str


class Page(PageRef):
    body: str = Field(description="Sanitised HTML.")
    parent: PageRef | None
    published_at: datetime | None
    updated_at: datetime


class Listing(Schema):
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null "
                                                "at the end.")
    next: str | None = Field(description="The next page's address, or null.")


class ArticleList(Listing):
    items: list[ArticleSummary]


class SectionList(Listing):
    items: list[Section]


class TagList(Listing):
    items: list[Tag]


class AuthorList(Listing):
    items: list[Author]


class PageList(Listing):
    items: list[Page]


class ValidationProblem(Schema):
    parameter: str
    location: str = Field(description='"query" or "path".')
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ValidationProblem] | None = None
    retry_after: int | None = None
