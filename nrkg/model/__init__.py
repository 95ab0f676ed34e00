"""What the data means and where it is declared: the IRI scheme, the ontology and its vocabulary, the
OWL 2 RL profile check, RDF term normalisation, the name normaliser and the catalogue of stored queries
and checks. Every other layer builds on this one; it imports only the standard library, pyoxigraph and,
inside functions, rdflib."""
