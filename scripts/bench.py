"""`make bench`: every performance figure the project claims, printed in one run.

Each stage owns its benchmark (`bench_ingest.py`, `bench_nlp.py`, `bench_batch.py`, each with a
`run_bench() -> dict` and `print_figures(dict)`); this script runs them in order, prints each
stage's figures, then all of them as JSON. Pass stage names to run a subset:
`python scripts/bench.py nlp ingest`.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("ingest", "nlp", "batch", "screen")  # screen: bench_screen.py (bulk dump)
STAGES += ("resources",)  # bench_resources.py: peak memory on hostile inputs, a 1,000-page PDF


def _load(stage: str):
    path = HERE / f"bench_{stage}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{stage}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    stages = argv or list(STAGES)
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        print(f"error: unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}")
        return 2
    print(
        f"# gsvlms-extract benchmark ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()})"
    )
    results = {}
    for stage in stages:
        print(f"\n## {stage}", flush=True)
        module = _load(stage)
        results[stage] = module.run_bench()
        module.print_figures(results[stage])
    print("\n## all figures (JSON)")
    print(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
