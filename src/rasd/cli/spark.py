"""`rasd spark extract`: the extractor as a Spark job (see rasd.spark and README "Spark")."""
from __future__ import annotations

import typer

from rasd.cli.app import app

spark_app = typer.Typer(help="Run the extractor on Apache Spark, for archives that outgrow one machine.",
                        no_args_is_help=True)
app.add_typer(spark_app, name="spark")


@spark_app.command("extract")
def spark_extract(
    input_uri: str = typer.Argument(..., metavar="INPUT",
                                    help="JSON Lines or Parquet articles: path, directory, glob, or a Hadoop URI "
                                         "(hdfs://, s3a://, file://)."),
    output_uri: str = typer.Argument(..., metavar="OUTPUT",
                                     help="Directory (path or Hadoop URI) for the events as Parquet, "
                                          "partitioned by event_month."),
    master: str = typer.Option("local[*]", "--master", help="Spark master URL."),
    fmt: str | None = typer.Option(None, "--format", "-f",
                                   help="Input format: jsonl or parquet (default: from the input's suffix)."),
    partitions: int | None = typer.Option(None, "--partitions", "-p", min=1,
                                          help="Input partitions (default: twice the default parallelism)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace OUTPUT if it exists."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No skipped-record lines, no summary."),
    conf: list[str] = typer.Option([], "--conf", help="A Spark setting KEY=VALUE, e.g. spark.driver.memory=8g "
                                                      "(repeatable)."),
) -> None:
    """Extract events with Spark and write them as Parquet partitioned by month."""
    if fmt is not None and fmt not in ("jsonl", "parquet"):
        raise typer.BadParameter("choose jsonl or parquet", param_hint="--format")
    from rasd.spark.command import parse_conf, run_command  # pyspark only when this command runs

    try:
        settings = parse_conf(conf)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--conf") from None
    raise typer.Exit(run_command(input_uri, output_uri, master=master, fmt=fmt, partitions=partitions,
                                 overwrite=overwrite, quiet=quiet, conf=settings))
