"""Layer 3: the algorithms — segmentation, translation, alignment, terminology. Imports formats and core only."""
