"""``aligntool evaluate``: MT metrics and term success against references. Entry point: ``run.evaluate``."""
