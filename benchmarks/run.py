"""Rasd's benchmark suite: one command, results as a Markdown table.

    python benchmarks/run.py [--corpus PATH] [--synthetic N] [--workers 1,2] [--quick]
                             [--out benchmarks/results.md] [--profile STAGE]

What it measures (details in README.md, "Benchmarks"):

1. cold start: `rasd extract` on one article in a fresh process, first with an empty
   data directory (the gazetteer index is built), then with the built one (best of R);
2. each stage on the dev corpus in one process (clean+split, geoparse, extract, merge,
   store; see `stages.py`), and end to end (clean -> events, no database) in one process
   and with `--workers N` (rasd.parallel.WorkerPool), then `rasd extract --workers N` as a
   command (start-up, reading and writing included); extract-and-store as `rasd ingest`
   runs it;
3. a synthetic corpus of N articles made from the dev articles (`synthetic.py`), streamed
   through `rasd extract --workers N -q -o FILE`, run once.

Every run is a subprocess of this one, so memory figures do not accumulate: the peak RSS
of its largest process is exact (wait4), and the total over the process and its workers
is sampled from /proc every fraction of a second (RSS, and PSS, which counts pages
shared copy-on-write between the forked workers once).  Dev-corpus timings are best of
R passes (3; the machine may be shared and noisy), the synthetic run is one pass.
Everything runs in a temporary directory (RASD_HOME included), removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # benchmarks/ is not a package

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev" / "ant-dev-1193.jsonl"
STAGE_ROWS = [  # stage, label, what is timed
    ("clean", "clean+split", "clean() + split_sentences() on fresh Docs"),
    ("geoparse", "geoparse", "place stage on cleaned docs"),
    ("extract", "extract", "event stage on placed docs"),
    ("merge", "merge", "rasd.store.cluster.attach inside store_article, in-memory SQLite; events extracted before"),
    ("store", "store", ("IngestPipeline into a fresh SQLite file (hash, lookup, rows, merge, commit per article); "
                        "events extracted before")),
]
MiB = 1024 * 1024


# -- running and measuring a subprocess --------------------------------------------------

@dataclass
class Measured:
    cmd: list[str]
    rc: int
    wall_s: float
    max_rss_mib: float  # the largest single process of the tree (wait4: the child or a waited descendant)
    tree_rss_mib: float = 0.0  # peak of the sampled sum over the process tree
    tree_pss_mib: float = 0.0
    series: list[tuple[float, float, float, int]] = field(default_factory=list)  # t, rss, pss (MiB), processes
    stdout: str = ""
    stderr: str = ""


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _tree(pid: int) -> list[int]:
    kids, out, todo = _children_map(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _mem_kib(pid: int) -> tuple[int, int]:
    """RSS and PSS of one process in KiB (PSS falls back to RSS without smaps_rollup)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
        return rss, pss
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return rss, rss


def run_measured(cmd: list[str], env: dict[str, str], *, interval: float = 0.2, cwd: Path | None = None) -> Measured:
    """Run `cmd`, sampling the memory of its process tree; wall time and exact peak RSS."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    series: list[tuple[float, float, float, int]] = []
    done = threading.Event()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, cwd=cwd)

    def sample() -> None:
        while not done.is_set():
            rss = pss = 0
            pids = _tree(proc.pid)
            for p in pids:
                r, s = _mem_kib(p)
                rss, pss = rss + r, pss + s
            if rss:
                series.append((time.perf_counter() - t0, rss / 1024, pss / 1024, len(pids)))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    m = Measured(cmd, proc.returncode, wall, usage.ru_maxrss / 1024, series=series,
                 stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"))
    out.close()
    err.close()
    if series:
        m.tree_rss_mib = max(s[1] for s in series)
        m.tree_pss_mib = max(s[2] for s in series)
    return m


def check(m: Measured, what: str) -> Measured:
    if m.rc != 0:
        tail = (m.stderr or m.stdout)[-2000:]
        raise SystemExit(f"{what} failed (exit {m.rc}): {' '.join(m.cmd)}\n{tail}")
    return m


# -- the benchmarks ----------------------------------------------------------------------

class Suite:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work = args, work
        self.home = work / "home"
        self.env = dict(os.environ, RASD_HOME=str(self.home), PYTHONHASHSEED="0")
        self.env.pop("RASD_DB", None)
        self.results: dict = {"stages": [], "e2e": [], "cli": [], "ingest": [], "cold": [], "synthetic": []}

    def rasd(self, *argv: str) -> list[str]:
        return [sys.executable, "-m", "rasd", *argv]

    def log(self, msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    # cold start -------------------------------------------------------------------------
    def cold_start(self, repeat: int) -> None:
        one = self.work / "one.jsonl"
        with open(self.args.corpus, encoding="utf-8") as src:
            one.write_text(next(line for line in src if line.strip()), encoding="utf-8")
        out = self.work / "one.out.jsonl"
        cmd = self.rasd("extract", str(one), "-q", "-o", str(out))
        self.log("cold start: first run (builds the gazetteer index)")
        first = check(run_measured(cmd, self.env), "first run")
        self.results["cold"].append(("first `rasd extract` on 1 article, empty RASD_HOME (builds the gazetteer)",
                                     first.wall_s, first.max_rss_mib, 1))
        warm = [check(run_measured(cmd, self.env), "warm run") for _ in range(repeat)]
        best = min(warm, key=lambda m: m.wall_s)
        self.results["cold"].append((f"`rasd extract` on 1 article, gazetteer built (best of {repeat})",
                                     best.wall_s, best.max_rss_mib, repeat))
        base = [check(run_measured([sys.executable, "-c", "pass"], self.env), "python") for _ in range(repeat)]
        self.results["cold"].append(("python -c pass (interpreter start, for reference)",
                                     min(m.wall_s for m in base), min(m.max_rss_mib for m in base), repeat))
        imp = [check(run_measured([sys.executable, "-c", "import rasd.cli"], self.env), "import")
               for _ in range(repeat)]
        self.results["cold"].append(("python -c 'import rasd.cli' (imports, no pipeline)",
                                     min(m.wall_s for m in imp), min(m.max_rss_mib for m in imp), repeat))

    # stages -------------------------------------------------------------------------------
    def stage(self, stage: str, workers: int, repeat: int) -> dict:
        cmd = [sys.executable, str(HERE / "stages.py"), stage, str(self.args.corpus), "--repeat", str(repeat),
               "--workers", str(workers), "--json"]
        self.log(f"stage {stage} (workers {workers}, {repeat} pass(es))")
        m = check(run_measured(cmd, self.env), f"stage {stage}")
        res = json.loads(m.stdout.strip().splitlines()[-1])
        res.update(max_rss_mib=m.max_rss_mib, tree_rss_mib=m.tree_rss_mib, tree_pss_mib=m.tree_pss_mib,
                   process_wall_s=m.wall_s)
        return res

    def stages(self, repeat: int) -> None:
        for stage, label, what in STAGE_ROWS:
            res = self.stage(stage, 1, repeat)
            res.update(label=label, what=what)
            self.results["stages"].append(res)
        for w in self.args.workers:
            res = self.stage("e2e", w, repeat)
            res.update(label="end to end", what="clean -> events in memory, no database" +
                       ("" if w <= 1 else f"; rasd.parallel.WorkerPool, {w} forked workers (fork inside the timing)"))
            self.results["e2e"].append(res)
        for w in (0, 1):
            res = self.stage("ingest", w, repeat)
            res.update(label=f"ingest -w {w}",
                       what="extract + store into a fresh SQLite file" +
                       (" in one process" if w == 0 else ", extraction in 1 worker while this process stores"))
            self.results["ingest"].append(res)

    def cli(self, repeat: int) -> None:
        out = self.work / "cli.out.jsonl"
        for w in self.args.workers:
            cmd = self.rasd("extract", str(self.args.corpus), "--workers", str(w), "-q", "-o", str(out))
            self.log(f"rasd extract --workers {w} on the dev corpus ({repeat} run(s))")
            runs = [check(run_measured(cmd, self.env), "rasd extract") for _ in range(repeat)]
            best = min(runs, key=lambda m: m.wall_s)
            events = _count_lines(out)
            out.unlink(missing_ok=True)
            self.results["cli"].append({"workers": w, "wall_s": best.wall_s, "times": [m.wall_s for m in runs],
                                        "stderr": next((m.stderr for m in runs if m.stderr.strip()), ""),
                                        "max_rss_mib": best.max_rss_mib, "tree_rss_mib": best.tree_rss_mib,
                                        "tree_pss_mib": best.tree_pss_mib, "events": events})

    # synthetic ----------------------------------------------------------------------------
    def synthetic(self, n: int, workers: list[int]) -> None:
        path = self.work / f"synthetic-{n}.jsonl"
        self.log(f"making the synthetic corpus: {n} articles")
        t = time.perf_counter()
        info = synthetic.write_corpus(self.args.corpus, path, n)
        info["make_s"] = time.perf_counter() - t
        info["file_mb"] = path.stat().st_size / 1e6
        out = self.work / "synthetic.out.jsonl"
        for w in workers:
            self.log(f"rasd extract --workers {w} on {n} synthetic articles (one run)")
            cmd = self.rasd("extract", str(path), "--workers", str(w), "-q", "-o", str(out))
            m = check(run_measured(cmd, self.env, interval=0.5), "rasd extract (synthetic)")
            events = _count_lines(Path(str(out)))
            out_mb = out.stat().st_size / 1e6 if out.exists() else 0.0
            out.unlink(missing_ok=True)
            self.results["synthetic"].append(dict(info, workers=w, wall_s=m.wall_s, max_rss_mib=m.max_rss_mib,
                                                  tree_rss_mib=m.tree_rss_mib, tree_pss_mib=m.tree_pss_mib,
                                                  events=events, out_mb=out_mb, growth=_growth(m.series),
                                                  stderr=m.stderr,
                                                  samples=len(m.series)))
        path.unlink(missing_ok=True)


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


GROWTH_AT = (0.1, 0.25, 0.5, 0.75, 0.95)


def _growth(series: list[tuple[float, float, float, int]]) -> dict:
    """Total PSS and RSS of the process tree at 10%, 25%, 50%, 75% and 95% of a run's wall
    time (median of the samples around each point): flat when the run streams."""
    if len(series) < 20:
        return {}
    end = series[-1][0]
    out: dict = {"at": list(GROWTH_AT), "pss": [], "rss": [], "processes": max(s[3] for s in series)}
    for f in GROWTH_AT:
        near = [s for s in series if abs(s[0] - f * end) <= 0.025 * end] or [min(series, key=lambda s: abs(s[0] - f * end))]
        out["pss"].append(statistics.median(s[2] for s in near))
        out["rss"].append(statistics.median(s[1] for s in near))
    return out


# -- the report --------------------------------------------------------------------------

def machine() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kib = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
            mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    try:
        import rasd

        version = rasd.__version__
    except Exception:  # pragma: no cover
        version = "?"
    return {"cpu": model or platform.processor() or "?", "cores": os.cpu_count(), "usable": affinity, "memory": mem,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "os": platform.platform(), "rasd": version,
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def _f(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def _rate(n: float, secs: float) -> str:
    return _f(n / secs, 0 if n / secs >= 100 else 1) if secs > 0 else "-"


def _mbps(b: float, secs: float) -> str:
    return _f(b / 1e6 / secs, 2) if secs > 0 else "-"


def _mem(r: dict) -> str:
    return _f(r["max_rss_mib"], 0)


def _all_mem(r: dict) -> str:
    if not r.get("tree_rss_mib"):
        return "-"
    return f"{_f(r['tree_rss_mib'], 0)} / {_f(r['tree_pss_mib'], 0)}"


def render(res: dict, m: dict, args: argparse.Namespace, corpus_info: dict, total_s: float, load: tuple) -> str:
    rep = args.repeat
    L: list[str] = []
    L.append("# Rasd benchmarks")
    L.append("")
    L.append(f"`python benchmarks/run.py {' '.join(args.argv)}`".replace("``", "`").rstrip() + f" — {m['date']}, "
             f"suite took {total_s / 60:.1f} min.")
    L.append("")
    L.append(f"- Machine: {m['cpu']}, {m['cores']} cores ({m['usable']} usable), {m['memory']} RAM; {m['os']}")
    L.append(f"- Python {m['python']} ({m['implementation']}), rasd {m['rasd']}")
    L.append(f"- Load average at start / end: {load[0]} / {load[1]} (the machine may be shared: "
             "timings are best of several passes)")
    L.append(f"- Dev corpus: `{corpus_info['name']}`, {corpus_info['articles']:,} articles, "
             f"{corpus_info['mb']:.2f} MB of article text (UTF-8 title + text; MB = 10^6 bytes)")
    if res["stages"]:
        L.append("")
        L.append(f"## Stages (dev corpus, one process, best of {rep})")
        L.append("")
        L.append("Articles read into memory and pipelines built before the timing; each pass is the whole corpus.")
        L.append("Peak RSS: the process's peak, which includes the corpus and the prepared docs it holds. "
                 "First pass: the first of the passes, with the per-process word memos (bounded) still filling; "
                 "in a long run they are warm after the first few thousand articles.")
        L.append("")
        L.append("| stage | articles/s | MB/s | best s | first pass s | peak RSS MiB | what is timed | result |")
        L.append("|---|---:|---:|---:|---:|---:|---|---|")
        for r in res["stages"]:
            L.append(f"| {r['label']} | {_rate(r['articles'], r['best_s'])} | {_mbps(r['bytes'], r['best_s'])} | "
                     f"{r['best_s']:.2f} | {r['times'][0]:.2f} | {_mem(r)} | {r['what']} | {_stage_result(r)} |")
    base = next((r["best_s"] for r in res["e2e"] if r["workers"] <= 1), None)
    if res["e2e"] or res["cli"] or res["ingest"]:
        L.append("")
        L.append(f"## End to end (dev corpus, best of {rep})")
        L.append("")
        L.append("RSS columns: the largest single process (exact, from wait4: the command and the workers it "
                 "reaped), and the sum over the process and its workers (sampled: RSS / PSS, PSS counting "
                 "copy-on-write pages shared by the forked workers once).")
        L.append("")
        L.append("| run | workers | articles/s | MB/s | best s | first pass s | vs 1 worker | events | "
                 "peak RSS MiB, largest process | peak MiB, all processes RSS / PSS |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in res["e2e"]:
            ratio = f"{base / r['best_s']:.2f}x" if base else "-"
            L.append(f"| in process (pipeline built, corpus in memory) | {r['workers']} | "
                     f"{_rate(r['articles'], r['best_s'])} | {_mbps(r['bytes'], r['best_s'])} | {r['best_s']:.2f} | "
                     f"{r['times'][0]:.2f} | {ratio} | {r['extra'].get('events', '-')} | {_mem(r)} | {_all_mem(r)} |")
        base_cli = next((r["wall_s"] for r in res["cli"] if r["workers"] <= 1), None)
        for r in res["cli"]:
            ratio = f"{base_cli / r['wall_s']:.2f}x" if base_cli else "-"
            L.append(f"| `rasd extract -q -o FILE` (whole command: start-up, read, write) | {r['workers']} | "
                     f"{_rate(corpus_info['articles'], r['wall_s'])} | {_mbps(corpus_info['bytes'], r['wall_s'])} | "
                     f"{r['wall_s']:.2f} | {r['times'][0]:.2f} | {ratio} | {r['events']} | {_mem(r)} | {_all_mem(r)} |")
        if res["ingest"]:
            L.append("")
            L.append(f"## Extract and store (dev corpus, best of {rep})")
            L.append("")
            bare = base
            L.append("| run | articles/s | MB/s | best s | vs bare extraction | peak RSS MiB, largest process | "
                     "peak MiB, all processes RSS / PSS | what is timed | result |")
            L.append("|---|---:|---:|---:|---:|---:|---:|---|---|")
            for r in res["ingest"]:
                vs = f"{r['best_s'] / bare:.2f}x slower" if bare else "-"
                L.append(f"| {r['label']} | {_rate(r['articles'], r['best_s'])} | {_mbps(r['bytes'], r['best_s'])} | "
                         f"{r['best_s']:.2f} | {vs} | {_mem(r)} | {_all_mem(r)} | {r['what']} | {_stage_result(r)} |")
    if res["cold"] or res["stages"] or res["e2e"]:
        L.append("")
        L.append("## Cold start")
        L.append("")
        L.append("| what | wall s | peak RSS MiB |")
        L.append("|---|---:|---:|")
        for what, wall, rss, _ in res["cold"]:
            L.append(f"| {what} | {wall:.2f} | {rss:.0f} |")
        e2e1 = next((r for r in res["e2e"] if r["workers"] <= 1), None)
        geo = next((r for r in res["stages"] if r["stage"] == "geoparse"), None)
        if e2e1:
            L.append(f"| full_pipeline() built in a running process (lexicons, gazetteer, automata) | "
                     f"{e2e1['build_s']:.2f} | - |")
        if geo:
            L.append(f"| of which: Gazetteer.open() on the built index (best of 5) | "
                     f"{geo['extra']['gazetteer_open_ms'] / 1000:.3f} | - |")
            L.append(f"| of which: place stage built (toponym automaton) | "
                     f"{geo['extra']['place_stage_build_ms'] / 1000:.3f} | - |")
    if res["synthetic"]:
        s0 = res["synthetic"][0]
        L.append("")
        L.append(f"## Synthetic corpus: {s0['articles']:,} articles made from the dev articles (one run)")
        L.append("")
        L.append(f"{s0['articles']:,} articles, {s0['mb']:.1f} MB of article text ({s0['file_mb']:.1f} MB of JSONL), "
                 f"mean {s0['mean_bytes']:.0f} bytes per article (dev: {s0['dev_mean_bytes']:.0f}); made in "
                 f"{s0['make_s']:.1f} s by `benchmarks/synthetic.py` (paragraphs shuffled and mixed with same-month "
                 "articles, dates moved 0-3 days, every text distinct). "
                 "Run: `rasd extract SYNTHETIC.jsonl --workers N -q -o FILE`, streamed from the file.")
        L.append("")
        L.append("| workers | wall s | articles/s | MB/s | events | peak RSS MiB, largest process | "
                 "peak MiB, all processes RSS / PSS | all processes PSS MiB at 10 / 25 / 50 / 75 / 95% of the run |")
        L.append("|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in res["synthetic"]:
            g = r["growth"]
            growth = " / ".join(f"{x:.0f}" for x in g["pss"]) if g else "-"
            L.append(f"| {r['workers']} | {r['wall_s']:.1f} | {_rate(r['articles'], r['wall_s'])} | "
                     f"{_mbps(r['mb'] * 1e6, r['wall_s'])} | {r['events']:,} | {_mem(r)} | {_all_mem(r)} | {growth} |")
        L.append("")
        for r in res["synthetic"]:
            ok = max(r["max_rss_mib"], r["tree_pss_mib"]) * MiB < 1e9
            L.append(f"- workers {r['workers']}: peak memory under 1 GB (10^9 bytes, 954 MiB): "
                     f"**{'yes' if ok else 'NO'}** (largest process "
                     f"{r['max_rss_mib']:.0f} MiB, all processes {r['tree_pss_mib']:.0f} MiB PSS / "
                     f"{r['tree_rss_mib']:.0f} MiB RSS)")
    noisy = [(f"`rasd extract --workers {r['workers']}` ({what})", r["stderr"])
             for what, rows in (("dev corpus", res["cli"]), ("synthetic corpus", res["synthetic"]))
             for r in rows if r.get("stderr", "").strip()]
    if noisy:
        L.append("")
        L.append("## Notes")
        L.append("")
        for what, err in noisy:
            tail = " / ".join(line.strip() for line in err.strip().splitlines()[-3:])
            L.append(f"- {what} exited 0 but wrote to stderr (with -q): `{tail[:300]}`")
    L.append("")
    return "\n".join(L)


def _stage_result(r: dict) -> str:
    e = r["extra"]
    s = r["stage"]
    if s == "clean":
        return f"{e['sentences']:,} sentences"
    if s == "geoparse":
        return f"{e['mentions']:,} place mentions"
    if s == "extract":
        return f"{e['events']:,} events"
    if s == "merge":
        return (f"{e['claims']:,} reports -> {e['merged_events']:,} events ({e['multi_source_events']} multi-source); "
                f"whole store_article path in memory {e['store_in_memory_s']:.2f} s")
    if s == "store":
        re_ = e.get("reingest_unchanged_s")
        again = (f"; re-ingest of the {e['reingest_unchanged']} stored (unchanged) articles {re_:.2f} s "
                 f"({_rate(r['articles'], re_)} articles/s)") if re_ else ""
        return f"{e['claims']:,} reports -> {e['merged_events']:,} events{again}"
    if s == "ingest":
        return f"{e['claims']:,} reports -> {e['merged_events']:,} events"
    return ""


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="dev corpus, JSONL (default: %(default)s)")
    ap.add_argument("--synthetic", type=int, default=None, metavar="N",
                    help="synthetic corpus size (default 100000; 5000 with --quick; 0 skips it)")
    ap.add_argument("--workers", default="1,2", help="worker counts for the end-to-end runs (default: %(default)s)")
    ap.add_argument("--synthetic-workers", default=None,
                    help="worker counts for the synthetic run (default: the largest of --workers)")
    ap.add_argument("--repeat", type=int, default=None, help="passes per dev-corpus timing, best counts (default 3)")
    ap.add_argument("--quick", action="store_true", help="smoke test: synthetic N=5000, one pass")
    ap.add_argument("--only", default="cold,stages,cli,synthetic",
                    help="parts to run, comma-separated: cold, stages, cli, synthetic (default: all)")
    ap.add_argument("--out", type=Path, default=HERE / "results.md", help="Markdown report (default: %(default)s)")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw results as JSON here")
    ap.add_argument("--tmp", type=Path, default=None, help="where the temporary work directory goes")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (RASD_HOME, synthetic corpus)")
    ap.add_argument("--profile", metavar="STAGE", default=None,
                    help="instead of the suite: one pass of a stage (clean, geoparse, extract, merge, store, ingest, "
                         "e2e) under pyinstrument, print its call tree (pip install -e '.[bench]')")
    args = ap.parse_args(argv)
    args.argv = argv
    args.workers = sorted({int(x) for x in str(args.workers).split(",") if x.strip()})
    if not args.workers or min(args.workers) < 1:
        ap.error("--workers takes positive integers, e.g. 1,2")
    args.synthetic_workers = (sorted({int(x) for x in args.synthetic_workers.split(",") if x.strip()})
                              if args.synthetic_workers else [max(args.workers)])
    if args.synthetic is None:
        args.synthetic = 5000 if args.quick else 100_000
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    args.only = {x.strip() for x in args.only.split(",") if x.strip()}
    if args.only - {"cold", "stages", "cli", "synthetic"}:
        ap.error("--only takes cold, stages, cli, synthetic")
    if not args.corpus.is_file():
        ap.error(f"no corpus at {args.corpus} (give --corpus PATH)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    work = Path(tempfile.mkdtemp(prefix="rasd-bench-", dir=args.tmp))
    suite = Suite(args, work)
    try:
        if args.profile:
            suite.log("warming RASD_HOME (gazetteer build)")
            check(run_measured(suite.rasd("gazetteer", "lookup", "دمشق"), suite.env), "gazetteer build")
            w = 0 if args.profile == "ingest" else 1  # a profile of the pool's parent would show only waiting
            cmd = [sys.executable, str(HERE / "stages.py"), args.profile, str(args.corpus), "--profile",
                   "--workers", str(w)]
            return subprocess.call(cmd, env=suite.env)
        start, load0 = time.perf_counter(), _load()
        # what rasd reads of the corpus (valid articles) and their size, in a subprocess
        code = ("import sys, json; sys.path.insert(0, sys.argv[2]); from stages import text_bytes; "
                "from rasd.batch import iter_articles; a = list(iter_articles([sys.argv[1]])); "
                "print(json.dumps([len(a), text_bytes(a)]))")
        info_cmd = [sys.executable, "-c", code, str(args.corpus), str(HERE)]
        articles, nbytes = json.loads(check(run_measured(info_cmd, suite.env), "reading the corpus").stdout)
        corpus_info = {"name": args.corpus.name, "articles": articles, "bytes": nbytes, "mb": nbytes / 1e6}
        if "cold" in args.only:
            suite.cold_start(args.repeat)
        else:  # the gazetteer is built once before anything is timed
            check(run_measured(suite.rasd("gazetteer", "lookup", "دمشق"), suite.env), "gazetteer build")
        if "stages" in args.only:
            suite.stages(args.repeat)
        if "cli" in args.only:
            suite.cli(args.repeat)
        if args.synthetic > 0 and "synthetic" in args.only:
            suite.synthetic(args.synthetic, args.synthetic_workers)
        report = render(suite.results, machine(), args, corpus_info, time.perf_counter() - start, (load0, _load()))
        print(report)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
        if args.json:
            args.json.write_text(json.dumps({"machine": machine(), "corpus": corpus_info, **suite.results},
                                            indent=1, default=str), encoding="utf-8")
        suite.log(f"written {args.out}")
        return 0
    finally:
        if args.keep:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
