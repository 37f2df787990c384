"""All Qt code: windows, widgets, models, undo commands and the app entry point."""
