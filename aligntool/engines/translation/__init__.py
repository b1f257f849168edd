"""Machine translation: model registry and families, loading, engines, one options object.

Entry point: ``factory.load_translator``.
"""
