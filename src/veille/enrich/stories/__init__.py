"""Stories: articles grouped by the event they report, across languages."""
