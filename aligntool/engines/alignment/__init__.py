"""Sentence alignment (length, anchors, lexical model, windowed DP). Entry point: ``aligner.align_sentences``."""
