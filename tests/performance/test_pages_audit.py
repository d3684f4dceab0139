"""The pages audit (bench/pages_audit.py, `make audit-pages`) covers every public page type."""

from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from bench.pages_audit import NOT_AUDITED, PAGE_TYPES


def public_patterns(patterns, namespace=None):
    """Every URL pattern outside the admin, by its namespaced name (or route if unnamed)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from public_patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name
        else:
            yield str(pattern.pattern)


def test_every_public_url_pattern_is_audited_or_set_aside_with_a_reason():
    patterns = set(public_patterns(get_resolver().url_patterns))
    audited = {name for name in PAGE_TYPES.values() if name}
    unaccounted = patterns - audited - set(NOT_AUDITED)
    assert unaccounted == set(), f"add these to bench/pages_audit.py's PAGE_TYPES: {unaccounted}"


def test_the_audit_names_only_patterns_that_exist():
    patterns = set(public_patterns(get_resolver().url_patterns))
    claimed = {name for name in PAGE_TYPES.values() if name} | set(NOT_AUDITED)
    assert claimed - patterns == set()
    assert all(NOT_AUDITED.values()), "every pattern set aside says why"
