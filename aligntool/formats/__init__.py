"""Layer 2: file formats — documents (readers), TMX, XLIFF, the glossary store and its exchange files, manifests."""
