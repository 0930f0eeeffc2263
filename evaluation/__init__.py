"""Evaluation against gold data; production packages never import it."""
