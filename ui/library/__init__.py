"""The library panel: families, sessions and clips, with consent status."""
