"""Layer 4: jobs — translate, align, evaluate, corpus runs, the resume journal, the review server."""
