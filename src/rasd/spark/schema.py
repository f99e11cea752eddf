"""The Spark schema of the event output, derived from the event contract.

The JSON schema (`rasd/data/schema/event.schema.json`) is the authority on types and
nullability, `rasd.output.contract.FIELDS` on column order; the Spark schema is built
from both rather than inferred from data, so an empty partition, a column that happens
to be all null, or a float that happens to be whole can never change the output types.

Mapping (chosen so that every value round-trips exactly through Parquet):

| JSON schema | Spark / Parquet |
|---|---|
| string | StringType (UTF-8) |
| integer | LongType (int64: Python ints of any size the contract allows) |
| number | DoubleType (float64: the same IEEE double the JSON encoder printed) |
| boolean | BooleanType |
| array of objects (`evidence`) | ArrayType(StructType(text, start, end)) |
| `["T", "null"]` | nullable |

The output adds one column, `event_month` ("YYYY-MM" from `event_date`, or
`UNKNOWN_MONTH` when the event has no date), used only to partition the files.
"""
from __future__ import annotations

from typing import Any

from pyspark.sql.types import (ArrayType, BooleanType, DataType, DoubleType, LongType, StringType, StructField,
                               StructType)

from rasd.output.contract import FIELDS, event_schema

PARTITION_COLUMN = "event_month"
# Events with no date go to `event_month=__unknown__` (an explicit value rather than
# Spark's `__HIVE_DEFAULT_PARTITION__` for null, so readers can select them by name).
UNKNOWN_MONTH = "__unknown__"

_SCALARS: dict[str, DataType] = {"string": StringType(), "integer": LongType(), "number": DoubleType(),
                                 "boolean": BooleanType()}


def _spark_type(prop: dict[str, Any], where: str) -> tuple[DataType, bool]:
    """(Spark type, nullable) of one JSON-schema property."""
    types = prop.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    nullable = "null" in types
    kinds = [t for t in types if t != "null"]
    if len(kinds) != 1:
        raise ValueError(f"{where}: cannot map JSON schema type {types!r} to one Spark type")
    kind = kinds[0]
    if kind in _SCALARS:
        return _SCALARS[kind], nullable
    if kind == "array":
        item, item_nullable = _spark_type(prop["items"], f"{where}[]")
        return ArrayType(item, containsNull=item_nullable), nullable
    if kind == "object":
        return _struct(prop, where), nullable
    raise ValueError(f"{where}: unsupported JSON schema type {kind!r}")


def _struct(obj: dict[str, Any], where: str) -> StructType:
    props = obj.get("properties", {})
    # `required` lists the keys in their documented order; anything else follows
    order = list(obj.get("required", [])) + [k for k in props if k not in obj.get("required", [])]
    fields = []
    for name in order:
        dtype, nullable = _spark_type(props[name], f"{where}.{name}")
        fields.append(StructField(name, dtype, nullable))
    return StructType(fields)


def event_struct() -> StructType:
    """The contract's columns, in contract order, typed from the JSON schema."""
    schema = event_schema()
    props = schema["properties"]
    if set(props) != set(FIELDS):
        # the dataclass and the JSON schema must agree before we can write either
        raise ValueError(f"contract fields and JSON schema differ: {sorted(set(props) ^ set(FIELDS))}")
    fields = []
    for name in FIELDS:
        dtype, nullable = _spark_type(props[name], name)
        fields.append(StructField(name, dtype, nullable))
    return StructType(fields)


def output_struct() -> StructType:
    """What the job writes: the contract's columns plus the partition column."""
    return StructType(event_struct().fields + [StructField(PARTITION_COLUMN, StringType(), False)])


def event_month(event_date: str | None) -> str:
    """The partition an event goes to: "YYYY-MM", or UNKNOWN_MONTH without a date."""
    return event_date[:7] if event_date else UNKNOWN_MONTH


def _converter(dtype: DataType):
    """A function that turns a contract value into what `dtype` expects (None stays None)."""
    if isinstance(dtype, DoubleType):
        # a whole-number confidence may be the int 1; Spark's DoubleType wants a float
        return lambda v: None if v is None else float(v)
    if isinstance(dtype, LongType):
        return lambda v: None if v is None else int(v)
    if isinstance(dtype, ArrayType):
        conv = _converter(dtype.elementType)
        return lambda v: None if v is None else [conv(x) for x in v]
    if isinstance(dtype, StructType):
        parts = [(f.name, _converter(f.dataType)) for f in dtype.fields]
        return lambda v: None if v is None else tuple(c(v.get(n)) for n, c in parts)
    return lambda v: v


def row_builder(struct: StructType | None = None):
    """A function record -> tuple in `output_struct()` order (built once per worker)."""
    struct = struct or event_struct()
    parts = [(f.name, _converter(f.dataType)) for f in struct.fields if f.name != PARTITION_COLUMN]

    def build(record: dict[str, Any]) -> tuple:
        return tuple(conv(record.get(name)) for name, conv in parts) + (event_month(record.get("event_date")),)

    return build
