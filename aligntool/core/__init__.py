"""Layer 1: errors, data types, languages, signature, atomic writes, safe input and XML, defaults, inline codes."""
