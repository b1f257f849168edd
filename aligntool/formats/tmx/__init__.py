"""TMX 1.4b translation memories: streaming writer and reader, validator, tools, conversion, exact-match TM."""
