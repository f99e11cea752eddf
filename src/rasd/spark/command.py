"""One run of the job as a command: session, job, report, exit code.

Shared by `rasd spark extract` (typer) and `submit.py` (spark-submit), so both take the
same arguments and print the same summary.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

DEFAULT_MASTER = "local[*]"


def parse_conf(pairs: list[str]) -> dict[str, str]:
    """`KEY=VALUE` strings (repeatable --conf) as a dict; ValueError names a bad one."""
    conf = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected KEY=VALUE, got {pair!r}")
        conf[key.strip()] = value
    return conf


def run_command(input_uri: str, output_uri: str, *, master: str | None = DEFAULT_MASTER, fmt: str | None = None,
                partitions: int | None = None, overwrite: bool = False, quiet: bool = False,
                conf: dict[str, str] | None = None, err: TextIO | None = None) -> int:
    """Run the job and print skipped records and the summary line to `err` (stderr).

    Exit code as `rasd extract`: 0 when at least one article was processed, 1 when
    nothing could be read, 2 for a usage error (bad format, existing output). `conf`
    (Spark settings) applies only when this call starts the session.
    """
    err = err or sys.stderr
    try:
        from rasd.spark.job import JobError, run_job
        from rasd.spark.session import spark_session
    except ImportError as exc:  # pyspark is an optional extra
        print(f"rasd spark needs pyspark and pyarrow: pip install 'rasd[spark]' ({exc})", file=err)
        return 1
    start = time.perf_counter()
    spark, created = spark_session(master, conf=conf)
    try:
        summary = run_job(spark, input_uri, output_uri, fmt=fmt, partitions=partitions, overwrite=overwrite)
    except JobError as exc:
        print(f"error: {exc}", file=err)
        return exc.exit_code
    finally:
        if created:
            spark.stop()
    if not quiet:
        for line in summary.examples:
            print(f"skipped {line}", file=err)
        if summary.skipped_total > len(summary.examples):
            print(f"(and {summary.skipped_total - len(summary.examples)} more skipped record(s), counted below)",
                  file=err)
        # the job's own time, plus what starting Spark took, so it compares with `time`
        print(summary.line() + f" Spark start-up and shutdown: {time.perf_counter() - start - summary.seconds:.1f} s.",
              file=err)
    return 0 if summary.articles else 1
