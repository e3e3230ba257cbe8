"""Showing articles: the card, dates and flags in the reader's language, exports."""
