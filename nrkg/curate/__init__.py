"""Curator tools: adding a document, locating a quote, proposing link candidates."""
