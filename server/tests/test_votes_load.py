import json
import subprocess
import sys

from huddle.config import REPO_ROOT


def test_the_votes_benchmark_small_run_counts_exactly() -> None:
    """The seed's vote-counting load test, small: concurrent votes, changes and retractions
    through two API processes; stored counts == recount from ballots == last live event."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.votes", "--users", "30", "--ops", "15", "--polls", "3", "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["exact"] and report["mismatches"] == []
    assert report["votes"] == 30 * 15 and report["api_processes"] == 2
    assert report["events_received"] > 0
