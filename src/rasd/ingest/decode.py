"""Bytes to text: UTF-8 first, then windows-1256 (still used by Arabic sites), else a clear error."""
from __future__ import annotations

from rasd.text.normalize import arabic_share

# Control bytes that do not occur in text (tab, newlines, form feed and CR do).
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first kilobytes: not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    # counted in C (bytes.translate deletes them) rather than byte by byte: every JSON line passes here
    ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and ctrl / len(head) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding).  Raises DecodeError naming what was tried."""
    if looks_binary(data):
        raise DecodeError("binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise DecodeError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor windows-1256") from None
    if arabic_share(text) < 0.3:
        raise DecodeError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), and windows-1256 gives no Arabic")
    return text, "cp1256"
