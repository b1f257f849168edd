"""OmegaT: a ready-to-open project (project) whose TMX carries the tag text OmegaT 3.6 shows (tags)."""
