"""What /readyz checks: what the plugged adapter sets need checked, and the model where the
profile says this process needs one."""

from __future__ import annotations

from entrypoints.composition.checks import Check, model_loaded
from entrypoints.container import Container


def readiness_checks(container: Container) -> dict[str, Check]:
    """Each check raises (anything) when its dependency is not ready."""
    checks: dict[str, Check] = {**container.storage.readiness(), **container.state.readiness()}
    if container.profile().needs_model:
        checks["model"] = model_loaded(container.transcriber)
    return checks
