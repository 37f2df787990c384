"""The zoomable timeline: filmstrip, tag spans, cue and response marks, the playhead."""
