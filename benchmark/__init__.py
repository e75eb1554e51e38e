"""The project's benchmark (README "Benchmark"): build speed, page weight and
browser scores, side by side with a plain Material build of the same pages."""
