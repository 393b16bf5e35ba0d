from pathlib import Path

from huddle.embedded_valkey import EmbeddedValkey


def start_valkey(data_dir: Path, port: int | None = None) -> EmbeddedValkey:
    valkey = EmbeddedValkey(data_dir, port=port)
    valkey.start()
    return valkey
