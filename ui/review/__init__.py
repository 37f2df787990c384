"""Review mode: the reel shown with the parent, the presenter view, the parent's words."""
