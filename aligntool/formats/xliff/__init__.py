"""XLIFF 1.2 / 2.1: the writer (``writer``) and the document reader (``reader``)."""
