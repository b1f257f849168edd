"""Glossary terms: matching, Russian and Kazakh morphology, the term scorer, checks, constrained-decoding
enforcement.
"""
