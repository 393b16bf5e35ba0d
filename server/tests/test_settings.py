import subprocess
import sys
from typing import Literal

import pytest
from pydantic import ValidationError

from huddle.config import DEFAULT_SECRET_KEY, Settings
from tests.support.processes import SERVER_DIR


@pytest.mark.parametrize("env", ["production", "test"])
def test_only_development_accepts_the_default_secret(env: Literal["production", "test"]) -> None:
    with pytest.raises(ValidationError, match="HUDDLE_SECRET_KEY"):
        Settings(env=env, secret_key=DEFAULT_SECRET_KEY)
    assert Settings(env=env, secret_key="a-real-secret-of-decent-length").env == env
    assert Settings(env="development", secret_key=DEFAULT_SECRET_KEY).env == "development"


def test_the_server_does_not_start_in_production_with_the_default_secret(redis_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "huddle.cli", "serve"],
        cwd=SERVER_DIR,
        env={
            "HUDDLE_ENV": "production",
            "HUDDLE_SECRET_KEY": DEFAULT_SECRET_KEY,
            "HUDDLE_REDIS_URL": redis_url,
            "PATH": "/usr/bin:/bin",
            "PORT": "1",
        },
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "HUDDLE_SECRET_KEY" in result.stderr
