"""The Spark job: articles (JSON Lines or Parquet) in, events as month-partitioned Parquet out.

    from rasd.spark.job import run_job
    summary = run_job(spark, "hdfs:///news/2018/*.jsonl", "hdfs:///rasd/events")
    print(summary.line())

Output layout (`OUTPUT/event_month=YYYY-MM/part-*.parquet`, `event_month=__unknown__`
for events without a date): the contract's columns with the types of
`rasd.spark.schema`, one file per month, rows sorted by article and event id.
"""
from __future__ import annotations

import time
from functools import partial

from pyspark.sql import SparkSession

from rasd.spark.counters import CounterParam, ExamplesParam, JobSummary
from rasd.spark.read import FORMATS, detect_format, input_stem, read_records
from rasd.spark.schema import PARTITION_COLUMN, output_struct
from rasd.spark.worker import extract_partition


class JobError(Exception):
    """Bad arguments or paths, found before any work starts: one line for the user, no traceback."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _filesystem(spark: SparkSession, uri: str):
    # the JVM's Hadoop FileSystem understands every scheme the cluster is configured
    # for (hdfs://, s3a://, file://, ...), which Python's own file APIs do not
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path


def input_exists(spark: SparkSession, uri: str) -> bool:
    """True when the path (or glob) names at least one file or directory."""
    fs, path = _filesystem(spark, uri)
    found = fs.globStatus(path)
    return found is not None and len(found) > 0


def output_exists(spark: SparkSession, uri: str) -> bool:
    fs, path = _filesystem(spark, uri)
    return bool(fs.exists(path))


def run_job(spark: SparkSession, input_uri: str, output_uri: str, *, fmt: str | None = None,
            partitions: int | None = None, overwrite: bool = False) -> JobSummary:
    """Extract events from every article of `input_uri` and write them to `output_uri`.

    Bad records and articles whose extraction raises are counted and skipped, never
    fatal. Raises JobError for a bad format, a missing input or an existing output
    (unless `overwrite`).
    """
    fmt = fmt or detect_format(input_uri)
    if fmt is None:
        raise JobError(f"cannot tell the format of {input_uri} from its name: give --format "
                       f"({' or '.join(FORMATS)})")
    if fmt not in FORMATS:
        raise JobError(f"unknown input format {fmt!r}: choose {' or '.join(FORMATS)}")
    if partitions is not None and partitions < 1:
        raise JobError("--partitions must be at least 1")
    if not input_exists(spark, input_uri):
        raise JobError(f"{input_uri}: no such file or directory", exit_code=1)
    if not overwrite and output_exists(spark, output_uri):
        raise JobError(f"{output_uri} already exists: choose another output or pass --overwrite")

    start = time.perf_counter()
    sc = spark.sparkContext
    # a few tasks per core, so a slow partition (long articles) does not idle the rest
    partitions = partitions or max(2, 2 * sc.defaultParallelism)
    counts = sc.accumulator({}, CounterParam())
    examples = sc.accumulator([], ExamplesParam())

    records = read_records(spark, input_uri, fmt, partitions)
    rows = records.mapPartitions(partial(extract_partition, where=input_uri, stem=input_stem(input_uri),
                                         counts=counts, examples=examples))
    events = spark.createDataFrame(rows, schema=output_struct())
    # one shuffle by month: one file per month directory instead of one per task and month
    (events.repartition(PARTITION_COLUMN)
     .sortWithinPartitions(PARTITION_COLUMN, "article_id", "event_id")
     .write.mode("overwrite" if overwrite else "errorifexists")
     .partitionBy(PARTITION_COLUMN)
     .parquet(output_uri))
    return JobSummary.from_counts(output_uri, counts.value, examples.value, time.perf_counter() - start)
