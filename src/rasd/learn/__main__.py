"""`python -m rasd.learn`: the same as `rasd train`."""
from rasd.cli.train import train
import typer

if __name__ == "__main__":
    typer.run(train)
