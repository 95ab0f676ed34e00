"""Writing files so that nothing is ever half-written or silently replaced.

Every file the project writes goes through :func:`write_atomic`: the bytes go to a temporary file in
the target's directory and are renamed over the target, so a killed or concurrent write leaves either
the old file or the new one. The target keeps what the user gave it: an existing file keeps its mode,
a new file follows the umask, a symlink is written through to its target, and a path that is not a
regular file (``/dev/stdout``, a pipe) is written directly. Temporary names carry the writer's process
id, so :func:`remove_stale_temporaries` can tell a dead writer's leftovers from a live one's work.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}."


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring); raises OSError on failure."""
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "wb") as handle:  # a device or a pipe: there is nothing to replace
            handle.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(path.name), dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def remove_stale_temporaries(directory: Path, names: list[str]) -> list[Path]:
    """Remove the temporary files a killed writer left beside ``names`` in ``directory``; return them."""
    removed = []
    if not directory.is_dir():
        return removed
    patterns = [re.compile(re.escape(f".{name}.") + r"(\d+)\..+") for name in names]
    for entry in sorted(directory.iterdir()):
        for pattern in patterns:
            match = pattern.fullmatch(entry.name)
            if match and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
                try:
                    entry.unlink()
                    removed.append(entry)
                except OSError:
                    pass
    return removed


def replace_tree(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write all files into a fresh sibling directory, then swap it in place of ``out_dir``.

    The caller decides whether ``out_dir`` may be replaced; this only guarantees that a reader sees
    the old tree or the new one, never a mixture.
    """
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_temporary_prefix(out_dir.name), dir=out_dir.parent))
    try:
        for name, data in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)
        os.chmod(staging, 0o755)
        old = None
        if out_dir.exists():
            old = out_dir.parent / f"{_temporary_prefix(out_dir.name)}old"
            os.replace(out_dir, old)
        os.replace(staging, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
