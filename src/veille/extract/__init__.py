"""Extraction: the article's text and metadata out of its page."""
