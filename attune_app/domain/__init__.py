"""Plain values and pure functions; standard library only."""
