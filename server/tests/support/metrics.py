def metric(text: str, name: str) -> float:
    """The sum of the samples of `name` (with its labels, if given) in a Prometheus text page."""
    lines = [line for line in text.splitlines() if line.startswith(name) and line[len(name) : len(name) + 1] in " {"]
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines)
