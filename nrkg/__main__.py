"""``python -m nrkg …`` behaves like ``nrkg …``."""

from nrkg.cli import main

main()
