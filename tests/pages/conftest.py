from tests.wpimport.conftest import run_import  # noqa: F401  (WordPress pages become pages)
