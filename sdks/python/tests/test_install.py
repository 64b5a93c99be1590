"""``pip install ./sdks/python`` works without a network: the build backend needs nothing but the standard library."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

SDK_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class InstallTest(unittest.TestCase):
    def test_pip_installs_it_from_the_folder_with_no_package_index(self) -> None:
        with tempfile.TemporaryDirectory() as target:
            installed = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "--no-index",
                    "--no-cache-dir",
                    "--target",
                    target,
                    SDK_FOLDER,
                ],
                capture_output=True,
                text=True,
                timeout=300,
            )
            self.assertEqual(installed.returncode, 0, installed.stdout + installed.stderr)
            # Imported from the installed copy: run from the target folder with nothing else on the path.
            checked = subprocess.run(
                [
                    sys.executable,
                    "-I",
                    "-c",
                    "import sys; sys.path.insert(0, '.'); import os, parley; "
                    "folder = os.path.dirname(parley.__file__); "
                    "print(parley.__version__, os.path.exists(os.path.join(folder, 'py.typed')), folder)",
                ],
                cwd=target,
                capture_output=True,
                text=True,
                timeout=60,
            )
            self.assertEqual(checked.returncode, 0, checked.stderr)
            version, typed, location = checked.stdout.split()
            self.assertEqual((version, typed), ("0.1.0", "True"))
            self.assertEqual(os.path.realpath(location), os.path.realpath(os.path.join(target, "parley")))

    def test_the_wheel_holds_the_package_its_types_and_a_record(self) -> None:
        sys.path.insert(0, os.path.join(SDK_FOLDER, "build_backend"))
        try:
            import parley_build_backend as backend
        finally:
            sys.path.pop(0)
        with tempfile.TemporaryDirectory() as folder:
            name = backend.build_wheel(folder)
            self.assertEqual(name, "parley_sdk-0.1.0-py3-none-any.whl")
            with zipfile.ZipFile(os.path.join(folder, name)) as wheel:
                names = wheel.namelist()
                metadata = wheel.read("parley_sdk-0.1.0.dist-info/METADATA").decode("utf-8")
            self.assertIn("parley/py.typed", names)
            self.assertIn("parley/client.py", names)
            self.assertIn("parley_sdk-0.1.0.dist-info/RECORD", names)
            self.assertFalse([entry for entry in names if "__pycache__" in entry or entry.startswith("tests/")])
            self.assertIn("Name: parley-sdk\n", metadata)
            self.assertIn("Requires-Python: >=3.9\n", metadata)
            self.assertIn("from parley import AgentPlatform", metadata)
            sdist = backend.build_sdist(folder)
            self.assertEqual(sdist, "parley_sdk-0.1.0.tar.gz")


if __name__ == "__main__":
    unittest.main()
