"""ui: not built yet (see the open issues); the folder shows where it will live."""
