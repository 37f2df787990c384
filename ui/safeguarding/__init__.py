"""Safeguarding in the window: consent dialogs, erasure, retention reminders, the idle lock."""
