"""The media engine: probing, exact frame decoding, frame cache, audio. No store, no Qt."""
