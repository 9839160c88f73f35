"""GET /healthz: the process is up and serving."""

from litestar import get


@get("/healthz", summary="Liveness", sync_to_thread=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}
