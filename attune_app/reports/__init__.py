"""Session and family reports (PDF and self-contained HTML)."""
