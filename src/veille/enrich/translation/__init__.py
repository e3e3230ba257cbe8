"""Translation of headlines and texts into the reader's language, by a configured engine."""
