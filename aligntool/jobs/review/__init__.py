"""``aligntool review``: check and correct a TMX side by side in the browser before it goes into a CAT tool.

:class:`~aligntool.jobs.review.session.ReviewSession` holds the rows and applies corrections;
:class:`~aligntool.jobs.review.server.ReviewServer` serves the page (``static/``) and a JSON API on 127.0.0.1.
"""
