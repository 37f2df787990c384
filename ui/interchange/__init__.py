"""File › Import tags… and File › Export tags…: ELAN, BORIS and Attune's own tables."""
