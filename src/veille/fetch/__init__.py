"""Fetching: polite, bounded, asynchronous HTTP."""
