"""Enrichment: what veille adds to an extracted article (language, reading time, …)."""
