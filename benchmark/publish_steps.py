"""Run the publishing build in a process of its own and write the per-step
timings that tools.publish.build() returns as JSON, so the benchmark can time
and measure the memory of the whole build and still tell its steps apart.

    python -m benchmark.publish_steps SITE_DIR TIMINGS_JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tools import publish


def main(argv: list[str]) -> int:
    site_dir, timings_file = Path(argv[0]), Path(argv[1])
    try:
        timings = publish.build(site_dir.resolve())
    except publish.BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    timings_file.write_text(json.dumps(timings), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
