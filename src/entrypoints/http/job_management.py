"""GET /v1/jobs, POST /v1/jobs/{id}/cancel, DELETE /v1/jobs/{id}"""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from litestar import Request, delete, get, post
from litestar.params import FromPath, FromQuery, QueryParameter

from adapters.json_codec import job_to_json
from application.use_cases import CancelJob, CancelJobCommand, DeleteJob, DeleteJobCommand, ListJobs, ListJobsCommand
from entrypoints.http.auth import request_owner
from entrypoints.http.dependencies import Injected


@get("/v1/jobs", summary="Your jobs, newest first, filtered by status and session, a page at a time")
async def list_jobs(
    request: Request,
    list_jobs: Injected[ListJobs],
    status: Annotated[
        str | None, QueryParameter(description="QUEUED, IN_PROGRESS, COMPLETED, FAILED or CANCELLED")
    ] = None,
    session_id: FromQuery[str | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, QueryParameter(description="next_cursor of the previous page")] = None,
) -> dict[str, Any]:
    command = ListJobsCommand(request_owner(request), status, session_id, limit, cursor)
    page = await anyio.to_thread.run_sync(list_jobs.execute, command)
    return {"jobs": [job_to_json(j) for j in page.jobs], "next_cursor": page.next_cursor}


@post("/v1/jobs/{job_id:str}/cancel", status_code=200, summary="Cancel a queued or running job")
async def cancel_job(request: Request, job_id: FromPath[str], cancel_job: Injected[CancelJob]) -> dict[str, Any]:
    job = await anyio.to_thread.run_sync(cancel_job.execute, CancelJobCommand(job_id, request_owner(request)))
    return job_to_json(job)


@delete(
    "/v1/jobs/{job_id:str}",
    status_code=204,
    summary="Delete a job with its audio and transcript (409 while it runs: cancel it first)",
)
async def delete_job(request: Request, job_id: FromPath[str], delete_job: Injected[DeleteJob]) -> None:
    await anyio.to_thread.run_sync(delete_job.execute, DeleteJobCommand(job_id, request_owner(request)))
