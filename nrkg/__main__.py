"""``python -m nrkg …`` behaves like ``nrkg …``."""

from .cli import main

main()
