"""The review step of an anonymised training reel: faces covered, sound muted, then Confirm."""
