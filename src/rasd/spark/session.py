"""A quiet Spark session: no UI in local mode, errors-only logging, no internet needed.

Nothing here downloads anything (no `spark.jars.packages`): reading `hdfs://`,
`s3a://` and the like needs only what the cluster's Spark already carries.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from pyspark import SparkContext
from pyspark.sql import SparkSession

LOG_LEVEL = "ERROR"

# log4j2 configuration for a JVM this process starts itself: without it Spark prints
# its banner and start-up warnings before setLogLevel() can take effect. Written to a
# file at run time because the wheel ships only `rasd/data` as package data.
_LOG4J2 = f"""\
rootLogger.level = {LOG_LEVEL.lower()}
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{{yy/MM/dd HH:mm:ss}} %p %c{{1}}: %m%n%ex
# PySpark's gateway starts logging "as a shell": Spark then prints "Setting default log
# level to ..." unless this logger is configured to the root's level
logger.repl.name = org.apache.spark.api.python.PythonGatewayServer
logger.repl.level = {LOG_LEVEL.lower()}
"""


def _log4j2_file() -> Path:
    path = Path(tempfile.gettempdir()) / f"rasd-spark-log4j2-{os.getuid() if hasattr(os, 'getuid') else 0}.properties"
    if not path.exists() or path.read_text() != _LOG4J2:
        tmp = path.with_name(path.name + f".{os.getpid()}")
        tmp.write_text(_LOG4J2)
        tmp.replace(path)
    return path


def is_local(master: str | None) -> bool:
    return bool(master) and (master == "local" or master.startswith("local["))


def spark_session(master: str | None = "local[*]", app_name: str = "rasd", conf: dict[str, str] | None = None,
                  ) -> tuple[SparkSession, bool]:
    """(session, created): the active session if there is one (then `master` is ignored),
    else a new one on `master` (None: whatever spark-submit configured).

    `created` tells the caller whether it owns the session and should stop it.
    """
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {"spark.ui.showConsoleProgress": "false"}
    if SparkContext._gateway is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        # this call starts the JVM (the CLI, not spark-submit): quiet from its first line
        settings["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile={_log4j2_file().as_uri()}"
    if is_local(master):
        settings.update({
            "spark.ui.enabled": "false",
            # no DNS look-up of the host name, no bind to a public interface
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
        })
        if not os.environ.get("PYSPARK_PYTHON"):
            # the workers must be this interpreter (rasd installed), not whatever `python3` is
            settings["spark.pyspark.python"] = sys.executable
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(LOG_LEVEL)
    return spark, True
