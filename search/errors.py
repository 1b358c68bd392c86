"""Errors of the search package; vendor exceptions are translated into these where they occur."""


class SearchError(Exception):
    """Something about the index went wrong that is not the caller's input."""


class IndexUnavailable(SearchError):
    """The index cannot be reached now; what was stored is safe and can be indexed later."""


class IndexOutdated(SearchError):
    """The index was built by another navolg version; waiting will not help, a rebuild will."""
