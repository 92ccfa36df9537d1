"""``python -m proxenia`` runs the command line."""

from proxenia.cli.main import run

run()
