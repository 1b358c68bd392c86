"""Fixtures shared with other test packages, reused rather than written again."""

from tests.api.test_api import world  # noqa: F401  (users of every role, grants of each kind)
