"""Document readers (text, DOCX, HTML, Markdown, XLIFF, PDF) and the document model.

Entry point: ``reading.read_document``.
"""
