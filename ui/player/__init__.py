"""The practitioner's player: frame-exact video, transport, playback clocks and sound."""
