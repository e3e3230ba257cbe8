"""veille: a self-hosted press monitor.

An article flows through the sub-packages in this order:
sources → fetch → extract → enrich → store → show.
"""

__version__ = "0.1.0"
