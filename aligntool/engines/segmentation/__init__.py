"""Sentence segmentation (en, ru, kk rules; SRX; the one paragraph/segment policy).

Entry point: ``segmenter.segment``.
"""
