"""The checkout itself: no file carries an unresolved merge (a conflict block in README or a
lexicon is valid text, so nothing else would notice it)."""
import re
import subprocess

from tests.conftest import REPO

_MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)


def test_no_tracked_file_holds_merge_conflict_markers():
    files = subprocess.run(["git", "-C", str(REPO), "ls-files"], capture_output=True, text=True,
                           check=True).stdout.split()
    bad = []
    for name in files:
        path = REPO / name
        if not path.is_file() or path.suffix in (".png", ".xlsx", ".gz", ".sqlite"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if _MARKER.search(text):
            bad.append(name)
    assert bad == []
