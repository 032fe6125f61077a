"""`python -m rag.cli`: the same as the `rag` command."""

from rag.cli import main

main()
