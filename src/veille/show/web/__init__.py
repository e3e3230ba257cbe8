"""The web reader, the JSON API and output feeds, served by `veille serve` and `veille run`."""
