"""Writing reels out of the library: the MP4 renderer, stills and handouts (Qt-free)."""
