"""A PEP 517 build backend in the standard library only, so installing needs no network.

It builds the wheel (``parley`` and ``py.typed``), the sdist, and an editable install; the
package's name, version, summary and Python requirement are read from ``pyproject.toml``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "parley"
SDIST_FILES = ["pyproject.toml", "README.md", "build_backend/parley_build_backend.py"]


def _project() -> Dict[str, str]:
    """The plain ``key = "value"`` entries of the ``[project]`` table (all this backend needs)."""
    values: Dict[str, str] = {}
    table = None
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as pyproject:
        for line in pyproject:
            header = re.match(r"^\s*\[([^\]]+)\]\s*$", line)
            if header:
                table = header.group(1).strip()
                continue
            entry = re.match(r'^\s*([A-Za-z0-9_-]+)\s*=\s*"([^"]*)"\s*$', line)
            if table == "project" and entry:
                values[entry.group(1)] = entry.group(2)
    return values


def _names() -> Tuple[str, str, str]:
    project = _project()
    name, version = project["name"], project["version"]
    return name, version, f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}"


def _metadata() -> str:
    project = _project()
    with open(os.path.join(ROOT, project.get("readme", "README.md")), encoding="utf-8") as readme:
        description = readme.read()
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project.get('description', '')}",
        "License: MIT",
        f"Requires-Python: {project.get('requires-python', '>=3.9')}",
        "Classifier: Programming Language :: Python :: 3",
        "Classifier: Typing :: Typed",
        "Description-Content-Type: text/markdown",
    ]
    return "\n".join(lines) + "\n\n" + description


def _package_files() -> List[str]:
    """The package's files relative to ROOT: its modules and py.typed, no caches."""
    found = []
    for folder, subfolders, files in os.walk(os.path.join(ROOT, PACKAGE)):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py") or name == "py.typed":
                found.append(os.path.relpath(os.path.join(folder, name), ROOT).replace(os.sep, "/"))
    return found


def _record_line(path: str, content: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode("ascii")
    return f"{path},sha256={digest},{len(content)}"


def _write_wheel(wheel_directory: str, entries: List[Tuple[str, bytes]]) -> str:
    _, _, stem = _names()
    dist_info = f"{stem}.dist-info"
    wheel_file = "Wheel-Version: 1.0\nGenerator: parley_build_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = entries + [
        (f"{dist_info}/METADATA", _metadata().encode("utf-8")),
        (f"{dist_info}/WHEEL", wheel_file.encode("utf-8")),
        (f"{dist_info}/top_level.txt", f"{PACKAGE}\n".encode()),
    ]
    record = [_record_line(path, content) for path, content in entries] + [f"{dist_info}/RECORD,,"]
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode("utf-8")))
    filename = f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, content in entries:
            wheel.writestr(zipfile.ZipInfo(path, date_time=(2024, 1, 1, 0, 0, 0)), content)
    return filename


def _read(path: str) -> bytes:
    with open(os.path.join(ROOT, path), "rb") as source:
        return source.read()


def get_requires_for_build_wheel(config_settings: Optional[dict] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[dict] = None) -> List[str]:
    return []


def get_requires_for_build_editable(config_settings: Optional[dict] = None) -> List[str]:
    return []


def build_wheel(
    wheel_directory: str, config_settings: Optional[dict] = None, metadata_directory: Optional[str] = None
) -> str:
    return _write_wheel(wheel_directory, [(path, _read(path)) for path in _package_files()])


def build_editable(
    wheel_directory: str, config_settings: Optional[dict] = None, metadata_directory: Optional[str] = None
) -> str:
    """A wheel holding only a ``.pth`` file that puts this folder on ``sys.path``."""
    return _write_wheel(wheel_directory, [(f"_{PACKAGE}_editable.pth", (ROOT + "\n").encode("utf-8"))])


def build_sdist(sdist_directory: str, config_settings: Optional[dict] = None) -> str:
    _, _, stem = _names()
    filename = f"{stem}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        members = [(path, _read(path)) for path in SDIST_FILES + _package_files()]
        members.append(("PKG-INFO", _metadata().encode("utf-8")))
        for path, content in members:
            info = tarfile.TarInfo(f"{stem}/{path}")
            info.size = len(content)
            info.mtime = 1704067200
            info.mode = 0o644
            sdist.addfile(info, io.BytesIO(content))
    return filename
