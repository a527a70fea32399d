"""Turning input bytes into text, or saying why not.

Every check raises ``InputError`` with a reason a user can act on; the
readers turn it into a ``Rejection``.

Encoding: UTF-8 (a byte-order mark is allowed and dropped), and UTF-16,
which is recognised rather than guessed: by its byte-order mark, or without
one by the zero byte every ASCII character carries in it (``utf16_text``).
Other bytes that are not UTF-8 are rejected rather than guessed at: any byte sequence decodes
"successfully" as Latin-1 or Windows-1252, so a wrong guess would silently
turn names and quotation marks into mojibake that the coder then reads as
text, and statistical detectors (charset_normalizer) are unreliable on
short, mostly-ASCII news text. Converting a file is one ``iconv`` away;
undetected garbage is not recoverable later.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Characters other than these below U+0020 are control codes that text does
# not contain; more than this share of them marks a file as binary.
_TEXT_CONTROLS = set("\t\n\r\f\v\b\x1b")
MAX_CONTROL_SHARE = 0.05


class InputError(Exception):
    """An input that cannot be read; ``str(exc)`` is the reason."""


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``; the size is checked before anything is read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(_os_reason(exc)) from exc
    if size > max_bytes:
        raise InputError(f"file is too large ({_mb(size)}, limit {_mb(max_bytes)})")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # a file that grew since stat()
    except OSError as exc:
        raise InputError(_os_reason(exc)) from exc
    if len(data) > max_bytes:
        raise InputError(f"file is too large (over {_mb(max_bytes)})")
    return data


#: share of a UTF-16 text's ASCII-position bytes that must be zero to call
#: BOM-less bytes UTF-16 (English text: nearly all; CJK text has a BOM or fails)
UTF16_ZERO_SHARE = 0.3


def utf16_text(data: bytes) -> str | None:
    """The text of UTF-16 ``data`` (little or big endian), or None when it is
    not UTF-16. With a byte-order mark it must decode; without one, the bytes
    must have zeros at one parity (the high byte of Latin characters) and
    almost none at the other. InputError when it looks like UTF-16 but does
    not decode."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif len(data) >= 4 and len(data) % 2 == 0 and b"\x00" in data:
        sample = data[:65536]
        even, odd = sample[0::2], sample[1::2]
        zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
        if zeros_odd >= UTF16_ZERO_SHARE and zeros_even < 0.01:
            encoding = "utf-16-le"
        elif zeros_even >= UTF16_ZERO_SHARE and zeros_odd < 0.01:
            encoding = "utf-16-be"
        else:
            return None
    else:
        return None
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(f"looks like UTF-16 but is not valid UTF-16 "
                         f"(at byte {exc.start}); convert it to UTF-8 first") from exc  # fmt: skip


def decode_text(data: bytes) -> str:
    """UTF-8 or UTF-16 text from ``data``; binary, empty and other input
    rejected."""
    if not data.strip():
        raise InputError("empty file")
    wide = utf16_text(data)
    if wide is not None:
        if looks_binary(wide):
            raise InputError("binary file (mostly control characters)")
        if not wide.strip():
            raise InputError("empty file")
        return wide
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_binary_bytes(data):
            raise InputError("binary file (not text)") from exc
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from exc
    text = text.removeprefix("\ufeff")  # the utf-8-sig byte-order mark
    if looks_binary(text):
        raise InputError("binary file (mostly control characters)")
    if not text.strip():
        raise InputError("empty file")
    return text


def looks_binary(text: str) -> bool:
    """True when too many characters are control codes that text lacks."""
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _TEXT_CONTROLS)
    return controls / len(sample) > MAX_CONTROL_SHARE


def _looks_binary_bytes(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and chr(b) not in _TEXT_CONTROLS)
    return controls / len(sample) > MAX_CONTROL_SHARE


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
