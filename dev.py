#!/usr/bin/env python3
"""Developer entry point, standard library only, so a fresh machine with just Python can run it.

python3 dev.py serve    set up .venv, migrate, load demo data, serve http://127.0.0.1:8000
python3 dev.py test     set up .venv and run the whole test suite (extra args go to pytest)
python3 dev.py install  only set up .venv (dependencies from pyproject.toml)
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def run(*args: str, **kwargs) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, cwd=ROOT, check=True, **kwargs)


def install() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  dev.py may be started by an older python3
        sys.exit("Python 3.11 or newer is required.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def serve(args: list[str]) -> None:
    install()
    manage = [str(PYTHON), "manage.py"]
    run(*manage, "migrate", "--verbosity", "1")
    run(*manage, "seed_demo")
    address = args[0] if args else "127.0.0.1:8000"
    print(
        f"\n营口市重点项目信息管理系统: http://{address}/  (demo logins: see README)\n", flush=True
    )
    os.execv(str(PYTHON), [str(PYTHON), "manage.py", "runserver", address])


def test(args: list[str]) -> None:
    install()
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    sys.exit(result.returncode)


def main() -> None:
    command, *args = sys.argv[1:] or ["help"]
    if command == "install":
        install()
    elif command == "serve":
        serve(args)
    elif command == "test":
        test(args)
    else:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)


if __name__ == "__main__":
    main()
