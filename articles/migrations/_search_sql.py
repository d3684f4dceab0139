"""SQL shared by the search migrations (0002, 0006); not a migration itself."""

# The weighted tsvector of an article: headline (A), standfirst (B), body (C).
PG_VECTOR = (
    "((setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(standfirst, '')), 'B'))"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C'))"
)
