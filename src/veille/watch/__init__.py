"""What veille does for its reader with the articles it stores: watches match them as they
arrive (matching.py), tell of their stories and apply their rules (stage.py), and send the
messages (notify.py)."""
