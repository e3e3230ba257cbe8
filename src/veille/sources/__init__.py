"""Sources: feeds and sites to follow, how to read them, and how to find a site's feed."""
