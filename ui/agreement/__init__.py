"""Blind double coding and agreement between coders: actions, dialog, comparison timeline."""
