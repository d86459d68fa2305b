"""The Lambda image builds from the lock: every locked runtime package has a wheel for the
image's Python, glibc and CPU, so `pip install --only-binary=:all:` in the Dockerfile never
needs a compiler. Resolution asks PyPI (as the image build does) through uv."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.deploy.cfn import load

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "aws" / "Dockerfile"
REQUIREMENTS = ROOT / "deploy" / "aws" / "requirements.txt"
TEMPLATE = ROOT / "deploy" / "aws" / "template.yaml"

# glibc of each AWS Lambda Python base image (docs.aws.amazon.com/lambda/latest/dg/
# lambda-runtimes.html): 3.8–3.11 run on Amazon Linux 2, 3.12 and later on Amazon Linux 2023.
LAMBDA_PYTHON_GLIBC = {
    "3.9": (2, 26),
    "3.10": (2, 26),
    "3.11": (2, 26),
    "3.12": (2, 34),
    "3.13": (2, 34),
    "3.14": (2, 34),
}
# The glibc levels uv can target (`--python-platform`); a lower one is a stricter check.
UV_MANYLINUX = [(2, 17), (2, 28), *((2, minor) for minor in range(31, 41))]
LAMBDA_ARCH = {"x86_64": "x86_64", "arm64": "aarch64"}


def uv() -> str:
    found = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    assert Path(found).exists(), "uv not found (make setup installs it)"
    return found


def image_python() -> str:
    match = re.search(
        r"^FROM public\.ecr\.aws/lambda/python:(\d+\.\d+)\s*$", DOCKERFILE.read_text(), re.M
    )
    assert match, "the image must build FROM public.ecr.aws/lambda/python:<version>"
    return match.group(1)


def architectures(template: dict[str, Any]) -> set[str]:
    found = set(template["Globals"]["Function"].get("Architectures", ["x86_64"]))
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            found.update(resource["Properties"].get("Architectures", []))
    return found


def uv_platform(arch: str, glibc: tuple[int, int]) -> str:
    usable = [level for level in UV_MANYLINUX if level <= glibc]
    assert usable, f"no manylinux level at or below glibc {glibc}"
    major, minor = usable[-1]
    return f"{LAMBDA_ARCH[arch]}-manylinux_{major}_{minor}"


def resolve_wheels(python: str, platform: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            uv(), "pip", "install", "--dry-run", "--no-deps", "--only-binary", ":all:",
            "--require-hashes", "--target", str(tmp / "target"),
            "--python", sys.executable, "--python-version", python,
            "--python-platform", platform, "-r", str(REQUIREMENTS),
        ],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "UV_NO_CONFIG": "1"},
    )  # fmt: skip


def pinned(text: str) -> dict[str, tuple[str, frozenset[str]]]:
    """{"name==version ; marker": hashes} of a requirements file (continuations joined)."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for line in text.replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement, *hashes = re.split(r"\s+--hash=", line)
        out[re.sub(r"\s+", " ", requirement.strip())] = (line, frozenset(hashes))
    return out


def test_the_image_is_python_312_on_amazon_linux_2023() -> None:
    assert image_python() == "3.12"
    text = DOCKERFILE.read_text()
    assert "--only-binary=:all:" in text and "--require-hashes" in text
    # The file is the whole closure; resolving again would bring back what the lock overrides
    # (opencv-python, whose wheels need GL libraries a Lambda image lacks).
    assert "--no-deps" in text
    assert "deploy/aws/requirements.txt" in text


def test_the_image_requirements_are_the_runtime_part_of_the_lock() -> None:
    exported = subprocess.run(
        [uv(), "export", "--frozen", "--no-dev", "--no-emit-project", "--no-annotate"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=True,
    ).stdout  # fmt: skip
    hint = (
        "deploy/aws/requirements.txt is stale: run `uv export --frozen --no-dev "
        "--no-emit-project --no-annotate -o deploy/aws/requirements.txt`"
    )
    committed = pinned(REQUIREMENTS.read_text())
    assert committed.keys() == pinned(exported).keys(), hint
    assert all(committed[k][1] == v[1] for k, v in pinned(exported).items()), hint
    assert not any(name.startswith(("pytest", "moto", "mypy", "ruff")) for name in committed)


def test_every_locked_wheel_exists_for_the_image(tmp_path: Path) -> None:
    python = image_python()
    glibc = LAMBDA_PYTHON_GLIBC[python]
    arches = architectures(load(TEMPLATE))
    assert arches, "the template names no architecture"
    for arch in sorted(arches):
        platform = uv_platform(arch, glibc)
        result = resolve_wheels(python, platform, tmp_path)
        assert result.returncode == 0, f"{platform}, Python {python}:\n{result.stderr}"
        resolved = set(re.findall(r"^ \+ ([A-Za-z0-9_.-]+)==", result.stderr, re.M))
        assert {"numpy", "scipy", "rapidfuzz", "lxml"} <= resolved, result.stderr


def test_the_check_fails_for_an_image_without_wheels(tmp_path: Path) -> None:
    # The old base (Python 3.11 on glibc 2.26, checked at the nearest level uv knows) has no
    # wheels for some locked packages: the same check must say so.
    result = resolve_wheels("3.11", uv_platform("x86_64", LAMBDA_PYTHON_GLIBC["3.11"]), tmp_path)
    assert result.returncode != 0
    assert "has no usable wheels" in result.stderr, result.stderr
