"""Tags in and out of research tools: ELAN EAF, BORIS-style tables, CSV/JSON, subtitles, OTIO."""
