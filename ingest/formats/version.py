"""The parser version: part of the parse cache key, so bump it whenever output changes."""

PARSER_VERSION = "1.1.0"
