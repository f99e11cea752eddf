"""Reading articles into Spark: JSON Lines or Parquet, from any Hadoop-compatible URI.

Records stay raw here (the bytes of a line, or a Parquet row as a dict); the executors
convert them with the same function as `rasd extract`'s JSONL reader
(`rasd.ingest.readers.article_from_record`), so both accept the same fields
(`id, title, text, published, source, url`, the rest kept as metadata) and refuse the
same records. Each record carries its 0-based position in the input, so a record with
no `id` gets the same `<stem>:<line>` id as `rasd extract` gives it (for one input file;
a directory or glob is numbered as one stream).
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from pyspark import RDD
from pyspark.sql import Row, SparkSession

from rasd.ingest.readers import JSONL_SUFFIXES

FORMATS = ("jsonl", "parquet")
PARQUET_SUFFIXES = {".parquet", ".pq"}
JSONL_INPUT_SUFFIXES = set(JSONL_SUFFIXES) | {".json"}
# Hadoop decompresses these transparently when reading text
COMPRESSION_SUFFIXES = {".gz", ".bz2", ".deflate", ".zst", ".lz4", ".snappy", ".xz"}


def _name(uri: str) -> str:
    """Last path component of a local path or URI (no trailing slash)."""
    return PurePosixPath(urlparse(uri).path.rstrip("/") or "/").name


def _suffixes(name: str) -> list[str]:
    parts = [s.lower() for s in PurePosixPath(name).suffixes]
    while parts and parts[-1] in COMPRESSION_SUFFIXES:
        parts.pop()
    return parts


def input_stem(uri: str) -> str:
    """The input's name without format and compression suffixes (`archive.jsonl.gz` -> `archive`),
    which `rasd extract` uses in the ids of records that have none."""
    name = _name(uri)
    known = JSONL_INPUT_SUFFIXES | PARQUET_SUFFIXES | COMPRESSION_SUFFIXES
    while PurePosixPath(name).suffix.lower() in known and PurePosixPath(name).stem:
        name = PurePosixPath(name).stem
    return name or "input"


def _local_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file"):
        return Path(parsed.path if parsed.scheme else uri)
    return None


def detect_format(uri: str) -> str | None:
    """`jsonl` or `parquet` from the input's suffix (compression suffixes ignored); for a
    local directory, from the files in it. None when that does not decide it."""
    suffixes = _suffixes(_name(uri))
    if suffixes and suffixes[-1] in PARQUET_SUFFIXES:
        return "parquet"
    if suffixes and suffixes[-1] in JSONL_INPUT_SUFFIXES:
        return "jsonl"
    local = _local_path(uri)
    if local is not None and local.is_dir():
        found = set()
        for f in local.rglob("*"):
            if f.is_file() and not f.name.startswith(("_", ".")):
                s = _suffixes(f.name)
                if s and s[-1] in PARQUET_SUFFIXES:
                    found.add("parquet")
                elif s and s[-1] in JSONL_INPUT_SUFFIXES:
                    found.add("jsonl")
        if len(found) == 1:
            return found.pop()
    return None


def _row_dict(row: Row) -> dict[str, Any]:
    # a plain dict is what article_from_record takes (nested rows become dicts too)
    return row.asDict(recursive=True)


def read_records(spark: SparkSession, uri: str, fmt: str, partitions: int) -> RDD:
    """An RDD of (record, 0-based index) pairs, in at least `partitions` partitions.

    JSON Lines is read as bytes (`use_unicode=False`): decoding is left to the same
    UTF-8-then-windows-1256 rule as the local reader, and an undecodable line becomes
    one skipped record instead of a failed task.
    """
    if fmt == "jsonl":
        records = spark.sparkContext.textFile(uri, minPartitions=partitions, use_unicode=False)
    elif fmt == "parquet":
        records = spark.read.parquet(uri).rdd.map(_row_dict)
    else:
        raise ValueError(f"unknown input format {fmt!r}: choose one of {', '.join(FORMATS)}")
    # numbered before any repartitioning, so the numbers follow the input's order
    indexed = records.zipWithIndex()
    if indexed.getNumPartitions() < partitions:
        # one compressed file or one small Parquet file is one split: spread it out,
        # extraction costs far more than the shuffle
        indexed = indexed.repartition(partitions)
    return indexed
