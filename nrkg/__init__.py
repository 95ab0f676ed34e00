"""nrkg: a knowledge graph of NATO–Russia relations, built from news documents.

The package is a library with one module per stage (corpus, sources, ground, reason, validate,
build, queries, engine, output) and a thin click CLI in :mod:`nrkg.cli`.
Heavy libraries (rdflib, pyshacl, owlrl) are imported only inside the stages that need them.
"""

__version__ = "0.1.0"
