"""Generators of the checked-in reference files (docs/cli.md, docs/competency-questions.md,
docs/ontology.md and nrkg/model/vocab.py), run as ``python -m nrkg.devtools.NAME``."""
