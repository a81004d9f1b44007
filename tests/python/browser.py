"""Headless Chromium for the site tests: Debian's chromium and a CJK font, installed here when
missing (the tests run as root on CI machines that start without them)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]


def ensure_chromium() -> Path:
    if CHROMIUM.exists() and CJK_FONT.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None:
        raise RuntimeError("Debian's apt-get is needed to install chromium for the site tests")
    environment = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-wqy-microhei"],
        check=True, env=environment, stdout=subprocess.DEVNULL,
    )
    return CHROMIUM


def _run(page: Path, profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ensure_chromium()), *FLAGS, f"--user-data-dir={profile}", *arguments, page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after its scripts ran."""
    completed = _run(page, profile, "--virtual-time-budget=5000", "--dump-dom")
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def screenshot(page: Path, profile: Path, png: Path, size: str = "1400,1000") -> Path:
    completed = _run(page, profile, "--virtual-time-budget=5000", f"--window-size={size}", f"--screenshot={png}")
    assert png.exists(), completed.stderr[-2000:]
    return png
