"""The ``flashpoint`` command line (placeholder until the foundation CLI lands)."""
import typer

app = typer.Typer(help="flashpoint: news reports about a conflict in, sourced event records out.")


@app.command()
def version() -> None:
    from flashpoint import __version__

    typer.echo(__version__)
