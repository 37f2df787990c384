"""Keyboard-first tagging: the draft, the tag editor, the tag list and their undo commands."""
