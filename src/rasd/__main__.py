"""`python -m rasd` runs the CLI."""
from rasd.cli import main

main()
