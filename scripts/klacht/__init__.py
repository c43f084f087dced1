"""Klachtenregister: a Git-backed complaints register (library, `klacht` command, MkDocs plugin)."""

__version__ = "0.1.0"
