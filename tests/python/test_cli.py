"""Exit status of the command line: an unexpected error is a failed run (3), never 1, which
says that the build succeeded with unacknowledged error findings."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import BUILD_FAILED, UNACKNOWLEDGED_ERRORS, cli


def test_an_unexpected_error_exits_as_a_failed_run_with_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import juesuan.synth

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the generator")

    monkeypatch.setattr(juesuan.synth, "synthesize", broken)
    status = cli.main(["synth", "--reports", "1", "--seed", "1", "--out", str(tmp_path / "corpus")])
    assert status == BUILD_FAILED != UNACKNOWLEDGED_ERRORS
    assert "a bug in the generator" in caplog.text and "Traceback" in caplog.text


def test_a_usage_error_still_exits_as_argparse_says() -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["no-such-command"])
    assert exit_info.value.code == 2
