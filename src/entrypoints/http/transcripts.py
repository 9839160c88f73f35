"""GET /v1/jobs/{job_id}/transcript?format=json|text|srt|vtt|aws"""

from __future__ import annotations

from typing import Annotated, Literal

import anyio.to_thread
from litestar import Request, Response, get
from litestar.params import FromPath, QueryParameter

from adapters.transcript_formats import render
from application.use_cases import GetJobCommand, GetTranscript
from entrypoints.http.auth import request_owner
from entrypoints.http.dependencies import Injected

TranscriptFormat = Literal["json", "text", "srt", "vtt", "aws"]


@get(
    "/v1/jobs/{job_id:str}/transcript",
    summary="A completed job's transcript as JSON, plain text, SRT, WebVTT or Amazon Transcribe's document",
)
async def read_transcript(
    request: Request,
    job_id: FromPath[str],
    get_transcript: Injected[GetTranscript],
    output_format: Annotated[TranscriptFormat, QueryParameter(name="format")] = "json",
) -> Response[str]:
    view = await anyio.to_thread.run_sync(get_transcript.execute, GetJobCommand(job_id, request_owner(request)))
    rendered = render(view.transcript, output_format, name=view.job.output_file_name.value)
    disposition = f'inline; filename="{view.job.output_file_name.value}.{rendered.extension}"'
    return Response(rendered.body, media_type=rendered.media_type, headers={"Content-Disposition": disposition})
