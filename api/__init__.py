"""api: the way in — the `navolg` command line now, the HTTP API later (issue 5)."""
