"""Writing outputs: all of a set or none, readable by others, through symlinks.

- **Staged sets.** Files written together (a layout and its maps; the maps of
  one layout) are each written to a temporary file beside their target and
  moved in only when all of them are complete. Any error while writing
  removes the temporaries and leaves every old file as it was, so a folder
  never holds maps of two different layouts side by side.
- **Modes.** A new file gets `0666 & ~umask`, as `open()` would give it (0644
  under umask 022); a replaced file keeps its mode. `mkstemp`'s private 0600
  would hide the maps from a web server, a shared drive or a CI artifact step.
- **Symlinks.** Writing to a symlink writes (atomically) the file it points
  to, as `open(path, "w")` would; the link stays a link.
- **Fail fast.** `check_output_dir` and `check_output_file` find unwritable,
  read-only or missing folders, files where a folder should be and symlink
  loops before any long work starts, each as one readable `OutputError`
  (exit 2).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from floorplan.io.errors import InputError, display
from floorplan.model.layout import Layout


class OutputError(InputError):
    """An output path that cannot be written: exit 2 like bad input, naming the path."""


def _umask() -> int:
    """The process umask, read without changing it where Linux allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: the classic read-by-setting, restored at once
    os.umask(mask)
    return mask


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def resolve_target(path: Path | str) -> Path:
    """The file that writing to `path` changes: a symlink's final target, else `path`."""
    p = Path(path)
    if not p.is_symlink():
        return p
    try:
        return Path(os.path.realpath(p, strict=True))
    except FileNotFoundError:  # a dangling link: write the file it names
        return Path(os.path.realpath(p))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError.one(p, "is a symlink loop; remove it or point it at a file") from None
        raise OutputError.one(p, f"cannot be followed ({_why(exc)})") from None


def _probe(folder: Path) -> str | None:
    """Why no file can be created in `folder`, or None when one can (tried, not guessed)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".floorplan-probe-", dir=folder)
    except OSError as exc:
        return _why(exc)
    os.close(fd)
    try:
        os.unlink(name)
    except OSError as exc:
        return f"a file written there cannot be removed again ({_why(exc)})"
    return None


def _folder_problem(folder: Path) -> str | None:
    """What stops files being written in `folder` (created if missing), or None."""
    try:
        if folder.is_symlink():
            os.path.realpath(folder, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{display(folder)} is a symlink loop"
    if os.path.lexists(folder) and not folder.exists():
        return f"{display(folder)} is a link to nowhere"
    if folder.exists():
        if not folder.is_dir():
            return f"{display(folder)} is a file, not a folder"
        why = _probe(folder)
        return f"{display(folder)}: cannot write in this folder ({why})" if why else None
    # Missing: it will be created, so its nearest existing ancestor must take it.
    ancestor = folder.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        if os.path.lexists(ancestor):
            return f"{display(ancestor)} is a broken symlink, so {display(folder)} cannot be made"
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{display(ancestor)} is a file, so folder {display(folder)} cannot be created"
    why = _probe(ancestor)
    if why:
        return f"{display(folder)}: cannot create this folder in {display(ancestor)} ({why})"
    return None


def check_output_file(path: Path | str) -> None:
    """Raise `OutputError` now if `path` could not be written later."""
    check_output_dir(Path(path).parent, [Path(path).name])


def check_output_dir(folder: Path | str, names: Iterable[str] = ()) -> None:
    """Raise `OutputError` now if `folder` or the files `names` in it could not be written."""
    folder = Path(folder)
    problem = _folder_problem(folder)
    if problem:
        raise OutputError([f"{problem}; choose another output path"])
    problems = []
    for name in names:
        path = folder / name
        if path.is_symlink():
            target = resolve_target(path)
            if target.is_dir():
                problems.append(f"{display(path)} links to a folder, expected a file")
                continue
            problem = _folder_problem(target.parent)
            if problem:
                problems.append(f"{display(path)} links to {target}: {problem}")
        elif path.is_dir():
            problems.append(f"{display(path)} is a folder, expected a file it can replace")
    if problems:
        raise OutputError(problems)


def check_not_input(outputs: Iterable[Path | None], inputs: Iterable[Path | None]) -> None:
    """Raise `OutputError` when an output path is one of the command's inputs: `-o` given
    the drawing being imported replaced it with YAML, and the drawing was gone."""
    read = {resolve_target(p).resolve() for p in inputs if p is not None}
    for path in outputs:
        if path is not None and resolve_target(path).resolve() in read:
            raise OutputError.one(
                path, "is also an input of this command; choose another output path"
            )


class OutputSet:
    """Files that appear together or not at all; see the module docstring."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        """(temporary file, target it replaces), in staging order."""

    def stage(self, path: Path | str) -> Path:
        """A temporary path to write `path`'s content into; moved in by `commit`."""
        target = resolve_target(path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent
            )
        except OSError as exc:
            raise OutputError.one(path, f"cannot be written ({_why(exc)})") from None
        tmp = Path(name)
        self._staged.append((tmp, target))
        try:
            mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
        return tmp

    def target_of(self, filename: object) -> Path | str:
        """The output a failing path stands for: a temporary file reads as its target."""
        for tmp, target in self._staged:
            if filename is not None and Path(str(filename)) == tmp:
                return target
        return str(filename) if filename else "output"

    def discard(self) -> list[Path]:
        """Remove every temporary file; returns those that could not be removed."""
        left = []
        for tmp, _ in self._staged:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                left.append(tmp)
        self._staged.clear()
        return left

    def commit(self) -> None:
        """Move every staged file into place; on a failure, put back what was there."""
        backups: dict[Path, Path | None] = {}
        moved: list[Path] = []
        try:
            for _, target in self._staged:
                backups[target] = _backup(target)
            for tmp, target in self._staged:
                os.replace(tmp, target)
                moved.append(target)
        except OSError as exc:
            for target in moved:
                backup = backups.get(target)
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        target.unlink()
            where = self.target_of(exc.filename)
            self._drop(backups)
            self.discard()
            raise OutputError.one(
                where, f"cannot be written ({_why(exc)}); no output was changed"
            ) from None
        self._drop(backups)
        self._staged.clear()

    @staticmethod
    def _drop(backups: dict[Path, Path | None]) -> None:
        for backup in backups.values():
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()


def _backup(target: Path) -> Path | None:
    """A hard link to the current file, to restore it if a later move fails."""
    if not target.exists():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
    os.close(fd)
    backup = Path(name)
    try:
        backup.unlink()
        os.link(target, backup)
    except OSError:
        with contextlib.suppress(OSError):
            backup.unlink()
        return None  # no hard links here: the move is still atomic per file
    return backup


@contextlib.contextmanager
def output_set() -> Iterator[OutputSet]:
    """Stage files inside the block; all move in when it ends without an error."""
    outputs = OutputSet()
    try:
        yield outputs
    except OSError as exc:
        where = outputs.target_of(exc.filename)
        left = outputs.discard()
        note = f"; temporary files left behind: {', '.join(map(str, left))}" if left else ""
        raise OutputError.one(
            where, f"cannot be written ({_why(exc)}); no output was changed{note}"
        ) from None
    except BaseException:
        outputs.discard()
        raise
    outputs.commit()


@contextlib.contextmanager
def atomic_write(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `path` (or its symlink target); move it in on success."""
    with output_set() as outputs:
        yield outputs.stage(path)


def layout_json(layout: Layout) -> str:
    return layout.model_dump_json(indent=2, exclude_none=True) + "\n"


def save_layout(layout: Layout, path: Path | str, outputs: OutputSet | None = None) -> None:
    """Write layout.json atomically, or stage it in `outputs` to move in with its maps."""
    if outputs is not None:
        outputs.stage(path).write_text(layout_json(layout), encoding="utf-8")
        return
    with atomic_write(path) as tmp:
        tmp.write_text(layout_json(layout), encoding="utf-8")
