"""Django's SQLite backend, watching that its database file is still the one at its path."""
