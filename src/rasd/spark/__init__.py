"""Rasd on Apache Spark: the same extraction pipeline over archives that outgrow one machine.

    rasd spark extract INPUT OUTPUT [--master local[*]] [--format jsonl|parquet] [--partitions N]

- `read`: articles from JSON Lines or Parquet (any Hadoop-compatible URI), converted by the
  same per-record function as `rasd extract`'s JSONL reader;
- `worker`: what runs on executors: one pipeline per Python worker, built lazily there;
- `schema`: the Spark schema of the output, derived from the event contract;
- `counters`: accumulators for articles, events and skipped records, and the summary line;
- `session`: a quiet Spark session (no UI, no internet);
- `job`: the job itself (`run_job`), used by the CLI and by `submit.py` (spark-submit).

Nothing here imports pyspark at package import time, so `rasd --help` works without it.
"""
