"""Replace one function of GX by a wrapper around it, only where GX still has it as we know it.

juesuan.gx_unexpected_ids, juesuan.gx_batch_fingerprint and juesuan.gx_row_filter each wrap one
function of the pinned GX to do the same work once instead of many times. A newer GX may move or
change the function; then GX is left as it is (slower, never wrong) and the log says so.
"""
from __future__ import annotations

import inspect
import logging
from types import ModuleType
from typing import Any, Callable

log = logging.getLogger(__name__)


def install_wrapper(
    module: ModuleType,
    name: str,
    parameters: list[str],
    wrap: Callable[[Callable[..., Any]], Callable[..., Any]],
    otherwise: str,
) -> bool:
    """Set `module.name` to `wrap(module.name)`; True when it is (or already was) wrapped, False
    (and `otherwise` logged) when GX has no such function with these parameters."""
    current = getattr(module, name, None)
    if current is None:
        log.warning("GX has no %s: %s", name, otherwise)
        return False
    if hasattr(current, "juesuan_original"):
        return True
    if sorted(inspect.signature(current).parameters) != sorted(parameters):
        log.warning("GX's %s changed: %s", name, otherwise)
        return False
    setattr(module, name, wrap(current))
    return True
