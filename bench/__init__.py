"""Benchmarks. Run from the repository root: `uv run --project server python -m bench.<name>`."""
