"""Importing clips in the background, with progress, cancel and a per-file report."""
