"""The container image, the compose file, the systemd unit and the licence say what the
operators' guide promises (the image itself is built where a container engine runs: .ci/run)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SECRET_NAMES = re.compile(r"TOKEN|SECRET|PASSWORD", re.IGNORECASE)


def _final_stage(dockerfile: str) -> list[str]:
    instructions = [line for line in dockerfile.splitlines() if line and not line.startswith("#")]
    last_from = max(i for i, line in enumerate(instructions) if line.startswith("FROM "))
    return instructions[last_from:]


def test_image_is_slim_non_root_with_readiness_health_check_and_no_secret() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    stage = _final_stage(dockerfile)
    assert stage[0].startswith("FROM python:") and stage[0].endswith("-slim")
    users = [line.split()[1] for line in stage if line.startswith("USER ")]
    assert users and not users[-1].startswith(("root", "0"))
    health = "\n".join(stage[stage.index(next(x for x in stage if x.startswith("HEALTHCHECK"))) :])
    assert "/health/ready" in health
    for line in dockerfile.splitlines():
        if line.strip().startswith(("ENV", "ARG")) or "=" in line:
            assert not SECRET_NAMES.search(line.split("=")[0]), line


def test_compose_runs_the_bot_with_postgresql_and_keeps_secrets_in_env() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    bot = services["rakbot"]
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert "${POSTGRES_PASSWORD}" in bot["environment"]["DATABASE_URL"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${")


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "deploy" / "rakbot.service", encoding="utf-8")
    return parser


def test_systemd_unit_is_hardened() -> None:
    service = _unit()["Service"]
    assert service["ExecStart"].endswith("rakbot run")
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "yes"
    assert service["ReadWritePaths"] == "/var/lib/rakbot"
    assert service["User"] == "rakbot"
    # setting errors are not retried, a database or API away is
    assert service["RestartPreventExitStatus"].split() == ["3", "5", "7", "8"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    rakbot = Path(sys.executable).with_name("rakbot")
    units = []
    for unit in sorted((ROOT / "deploy").iterdir()):
        text = unit.read_text(encoding="utf-8").replace("/opt/rakbot/.venv/bin/rakbot", str(rakbot))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
        units.append(str(tmp_path / unit.name))
    assert len(units) == 3
    result = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_licence_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"]["text"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
