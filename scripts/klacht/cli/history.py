"""`klacht history` (not built yet)."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("history", help="(nog niet beschikbaar)")
    parser.set_defaults(func=lambda args, settings: 2)
