"""Reels, first step: gather tags, reorder them, play them back to back."""
