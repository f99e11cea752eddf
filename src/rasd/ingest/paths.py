"""Which files of a batch Rasd reads, and the article id each file gives."""
from __future__ import annotations

import os
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
GZIP_SUFFIX = ".gz"  # any of them gzip-compressed: a1.html.gz, batch.jsonl.gz


def readable_suffix(path: Path) -> str | None:
    """The suffix that says how to read `path` (".html" for a.html and a.html.gz), None if none does."""
    suffixes = [x.lower() for x in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == GZIP_SUFFIX:
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes and suffixes[-1] in SUFFIXES else None


def _stem(path: Path) -> str:
    """The file name without its suffix (and without .gz): a1.html.gz -> a1."""
    name = path.name
    if name.lower().endswith(GZIP_SUFFIX):
        name = name[:-len(GZIP_SUFFIX)]
    return Path(name).stem


def broken_link_message(path: Path) -> str:
    """Why a symbolic link whose target is gone is reported, not skipped (it was meant to be read)."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return f"broken symbolic link (its target {target} does not exist)"


def article_stems(files: list[Path]) -> dict[Path, str]:
    """The id stem of each file: its stem, or where several files share one, the path from
    the folder they have in common (without the suffix), so that no two ids collide."""
    by_stem: dict[str, list[Path]] = {}
    for f in files:
        by_stem.setdefault(_stem(f), []).append(f)
    out: dict[Path, str] = {}
    for stem, group in by_stem.items():
        distinct = {f.resolve() for f in group}
        if len(distinct) == 1:
            for f in group:
                out[f] = stem
            continue
        base = Path(os.path.commonpath([str(f.resolve().parent) for f in group]))
        for f in group:
            rel = f.resolve().relative_to(base)
            out[f] = "/".join((*rel.parts[:-1], _stem(rel)))
    return out
