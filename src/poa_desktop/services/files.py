"""Reading untrusted files and writing files atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from poa_desktop.config import pending_writes_path
from poa_desktop.domain.errors import UserError

#: A temporary file older than this whose writer left no trace is a crash's leftover.
STALE_AFTER_SECONDS = 60

#: A plan document larger than this is refused before it is read (a real one is < 10 MB).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024


def read_json(path: str | Path) -> Any:
    """Parse a JSON file, or raise UserError saying what is wrong and where."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UserError(f"{path}: is a folder, not a file.")
        if not path.is_file():
            raise UserError(f"{path}: not a regular file.")
        if size > MAX_DOCUMENT_BYTES:
            raise UserError(f"{path}: {size:,} bytes is too large for a plan file.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file.") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied.") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a file.") from None
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: not UTF-8 text (byte {error.start}); not a JSON file.") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{path}: not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})."
        ) from None
    except RecursionError:
        raise UserError(f"{path}: nested too deeply to be a plan file.") from None
    except DuplicateKeyError as error:
        raise UserError(f"{path}: the key {str(error)!r} appears twice in one object.") from None
    except ValueError as error:  # e.g. an integer longer than Python converts safely
        raise UserError(f"{path}: not valid JSON ({error}).") from None


class DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose key appears twice is ambiguous: refuse it rather than keep one."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number JSON allows", name, 0)


def _new_file_mode(path: Path) -> int:
    """The mode a new file gets: the target's own if it exists, else what the umask allows
    (``mkstemp`` makes private 0600 files, which would surprise a user sharing exports)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def dump_json(data: Any) -> str:
    """The stable text form of a document: 2-space indent, UTF-8, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``: a crash leaves either the old file or the complete new one."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise UserError(f"{folder}: permission denied; cannot write {path.name} there.") from None
    except OSError as error:
        raise UserError(f"{folder}: cannot write there ({error.strerror}).") from None
    marker = _note_pending(Path(temporary))
    try:
        os.chmod(temporary, _new_file_mode(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        _forget_pending(marker)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        _forget_pending(marker)
        if isinstance(error, OSError):
            raise UserError(f"{path}: cannot be written ({error.strerror}).") from None
        raise


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that wants a file name (matplotlib,
    openpyxl); when the block ends well the file is flushed to disk and renamed over
    ``path``, otherwise removed. A crash leaves the old file or the complete new one."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=folder)
    except OSError as error:
        raise UserError(f"{folder}: cannot write there ({error.strerror}).") from None
    os.close(handle)
    temporary = Path(name)
    marker = _note_pending(temporary)
    try:
        os.chmod(temporary, _new_file_mode(path))
        yield temporary
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        _forget_pending(marker)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        _forget_pending(marker)
        if isinstance(error, OSError):
            raise UserError(f"{path}: cannot be written ({error.strerror}).") from None
        raise


def _note_pending(temporary: Path) -> Path | None:
    """Leave a note naming an in-flight temporary file (best effort: never fails a write)."""
    try:
        folder = pending_writes_path()
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / f"{os.getpid()}-{temporary.name}.note"
        marker.write_text(str(temporary.resolve()), encoding="utf-8")
        return marker
    except OSError:
        return None


def _forget_pending(marker: Path | None) -> None:
    if marker is not None:
        marker.unlink(missing_ok=True)


def clean_stray_files(now: float | None = None) -> list[Path]:
    """Remove the temporary files a crashed write left behind (called at start-up).

    A file is removed only when its note says we made it and it is older than a minute,
    so another copy of the app that is writing right now is left alone.
    """
    import time

    removed: list[Path] = []
    folder = pending_writes_path()
    if not folder.is_dir():
        return removed
    now = time.time() if now is None else now
    for marker in folder.glob("*.note"):
        try:
            temporary = Path(marker.read_text(encoding="utf-8").strip())
            if temporary.exists():
                if now - temporary.stat().st_mtime < STALE_AFTER_SECONDS:
                    continue
                temporary.unlink()
                removed.append(temporary)
            marker.unlink(missing_ok=True)
        except OSError:
            continue
    return removed
