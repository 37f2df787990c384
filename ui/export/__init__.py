"""Reel export in the window: the Export… dialog and the panel of export jobs."""
