#!/usr/bin/env python3
"""Launcher: ``python cli.py …`` behaves exactly like the installed ``nrkg …`` command."""

from nrkg.cli import main

if __name__ == "__main__":
    main()
