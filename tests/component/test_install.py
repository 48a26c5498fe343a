"""The built wheel works from a folder outside the repository: run, evaluate and the REDCap
export with nothing but the installed package (gold table and review article as package data).

The wheel is built once (no build isolation, so no download) and installed with ``--no-deps``
into a fresh virtual environment whose only other path is the project environment's
site-packages (for the dependencies; its editable ``.pth`` is not processed, so the repository's
``src/`` is not importable there). The test checks that the package imported is the wheel's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: a few reports, one of them a PDF, copied out of the repository
REPORTS = (
    "text/stringer1977.txt",
    "text/smout1960.txt",
    "text/leminh2004.txt",
    "text/vanmarle2004.md",
    "pdf/eris2012.pdf",
)

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 600):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("install")
    dist = root / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("gsvlms_extract-*.whl")
    env_dir = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "project_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
        + ["--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GSVLMS_", "PYTHON"))}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env_dir, env


def test_the_wheel_ships_the_gold_files_and_not_the_repository(installed):
    env_dir, env = installed
    where = _run(
        [
            str(env_dir / "bin" / "python"),
            "-c",
            "import gsvlms_extract; print(gsvlms_extract.__file__)",
        ],
        cwd=env_dir,
        env=env,
    )
    assert where.stdout.strip().startswith(str(env_dir)), where.stdout + where.stderr
    wheel = next(Path(env_dir.parent, "dist").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("table1.csv", "table1_raw.csv", "corrections.yaml", "gsv_lms_review_2024.txt"):
        assert f"gsvlms_extract/gold/data/{name}" in names


def test_run_evaluate_and_export_from_another_folder(installed, tmp_path):
    env_dir, env = installed
    gsvlms = str(env_dir / "bin" / "gsvlms")
    reports = tmp_path / "reports"
    reports.mkdir()
    for rel in REPORTS:
        shutil.copy(REPO / "corpus" / rel, reports / Path(rel).name)

    run = _run([gsvlms, "run", "reports", "--workers", "1", "--no-progress"], tmp_path, env)
    assert run.returncode == 0, run.stderr
    assert "documents found" in run.stdout and "created a new registry" in run.stderr
    assert (tmp_path / "registry.db").exists()

    evaluate = _run([gsvlms, "evaluate", "reports"], tmp_path, env)
    assert evaluate.returncode == 0, evaluate.stderr
    assert "Linking:" in evaluate.stdout and "sex" in evaluate.stdout

    export = _run(
        [gsvlms, "registry", "export", "--format", "redcap", "--out", "out"], tmp_path, env
    )
    assert export.returncode == 0, export.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "redcap_data_dictionary.csv",
        "redcap_import.csv",
    ]
    assert "Missing Data Codes" in export.stderr
    audit = _run([gsvlms, "gold", "audit"], tmp_path, env)
    assert audit.returncode == 0 and "claims reproduce" in audit.stdout, audit.stderr
    assert not (tmp_path / "gold").exists()  # the packaged gold was read, nothing written
