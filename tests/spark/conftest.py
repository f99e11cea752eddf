"""A Spark session for the Spark tests: local[2], started once per test module.

Without pyspark or without Java the tests are skipped, unless RASD_REQUIRE_SPARK=1
(as in CI), where a missing Spark is a failure.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

MASTER = "local[2]"


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _spark_missing() -> str | None:
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        return f"pyspark/pyarrow not installed ({exc}): pip install -e '.[test]'"
    if _java() is None:
        return "Java not found (no JAVA_HOME, no java on PATH): Spark needs a JRE (apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _need_spark() -> None:
    missing = _spark_missing()
    if missing:
        if os.environ.get("RASD_REQUIRE_SPARK") == "1":
            pytest.fail(missing)
        pytest.skip(missing)


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from rasd.spark.session import spark_session

    # The executors' Python workers get their environment when the JVM starts, before the
    # per-test RASD_HOME of tests/conftest.py is set: hand them the same data dir (the
    # gazetteer) as the `rasd extract` runs the results are compared with.
    home = tmp_path_factory.getbasetemp() / "rasd-home"
    session, created = spark_session(MASTER, app_name="rasd-tests",
                                     conf={"spark.executorEnv.RASD_HOME": str(home)})
    yield session
    if created:
        session.stop()
