"""Anonymised training reels: faces found and tracked, manual boxes, muted sound, review."""
