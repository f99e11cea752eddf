"""spark-submit entry point: the application file for running Rasd on a cluster.

    spark-submit --master yarn \
        --archives rasd-env.tar.gz#environment \
        --conf spark.pyspark.python=./environment/bin/python \
        src/rasd/spark/submit.py hdfs:///news/archive.jsonl hdfs:///rasd/events

Takes the arguments of `rasd spark extract` (see README "Spark"); `--master` is
normally left to spark-submit. Runs as a plain script, so it imports `rasd` from the
environment (or the --py-files) it is given rather than from its own directory.
"""
from __future__ import annotations

import argparse
import os
import sys

if __name__ == "__main__":
    # Run as a script, Python puts this file's directory (rasd/spark) first on sys.path,
    # where its siblings (schema.py, session.py, job.py, ...) would shadow any top-level
    # module of the same name: import from the environment only.
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="submit.py", description="Extract events from articles with Spark.")
    p.add_argument("input", help="JSON Lines or Parquet articles: a path, directory, glob or Hadoop URI.")
    p.add_argument("output", help="Directory (path or Hadoop URI) for the month-partitioned Parquet events.")
    p.add_argument("--master", default=None, help="Spark master (default: what spark-submit was given).")
    p.add_argument("--format", "-f", dest="fmt", choices=("jsonl", "parquet"), default=None,
                   help="Input format (default: from the input's suffix).")
    p.add_argument("--partitions", "-p", type=int, default=None,
                   help="Input partitions (default: twice the default parallelism).")
    p.add_argument("--overwrite", action="store_true", help="Replace OUTPUT if it exists.")
    p.add_argument("--quiet", "-q", action="store_true", help="No skipped-record lines, no summary.")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="A Spark setting (repeatable); under spark-submit prefer its own --conf.")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # imported here: spark-submit has put the --py-files / packed environment on the path by now
    from rasd.spark.command import parse_conf, run_command

    try:
        conf = parse_conf(args.conf)
    except ValueError as exc:
        print(f"error: --conf: {exc}", file=sys.stderr)
        return 2
    return run_command(args.input, args.output, master=args.master, fmt=args.fmt, partitions=args.partitions,
                       overwrite=args.overwrite, quiet=args.quiet, conf=conf)


if __name__ == "__main__":
    sys.exit(main())
