import shutil
import subprocess
from pathlib import Path

from huddle.cli import openapi_document
from huddle.config import REPO_ROOT


def test_the_committed_openapi_schema_is_current() -> None:
    committed = (REPO_ROOT / "server" / "openapi.json").read_text()
    assert committed == openapi_document(), "stale: run `make gen`"


def test_the_generated_typescript_types_are_current(tmp_path: Path) -> None:
    npx = shutil.which("npx")
    assert npx, "node is needed to check the generated types"
    schema = tmp_path / "openapi.json"
    schema.write_text(openapi_document())
    fresh = tmp_path / "api.gen.ts"
    subprocess.run(
        [npx, "--no-install", "openapi-typescript", str(schema), "-o", str(fresh)],
        cwd=REPO_ROOT / "web",
        check=True,
        capture_output=True,
    )
    assert fresh.read_text() == (REPO_ROOT / "web" / "lib" / "api.gen.ts").read_text(), "stale: run `make gen`"
