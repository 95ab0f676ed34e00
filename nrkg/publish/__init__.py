"""Publishing a build: release files (export), loading into triple stores (load, with one backend
class per store kind) and the local SPARQL endpoint (serve)."""
