"""GET /v1/jobs/{job_id}/audio: the uploaded audio, for a player, while it is still held."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import BinaryIO

import anyio.to_thread
from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Stream

from application.use_cases import ReadJobAudio, ReadJobAudioCommand
from domain.values import MediaFormat
from entrypoints.http.auth import request_owner
from entrypoints.http.dependencies import Injected

CHUNK_BYTES = 256 * 1024
MEDIA_TYPES = {
    MediaFormat.WAV: "audio/wav",
    MediaFormat.MP3: "audio/mpeg",
    MediaFormat.FLAC: "audio/flac",
    MediaFormat.OGG: "audio/ogg",
    MediaFormat.WEBM: "audio/webm",
    MediaFormat.M4A: "audio/mp4",
    MediaFormat.MP4: "audio/mp4",
    MediaFormat.AMR: "audio/amr",
}


async def _chunks(stream: BinaryIO) -> AsyncIterator[bytes]:
    try:
        while chunk := await anyio.to_thread.run_sync(stream.read, CHUNK_BYTES):
            yield chunk
    finally:
        await anyio.to_thread.run_sync(stream.close)


@get(
    "/v1/jobs/{job_id:str}/audio",
    summary="The audio a job was made from, while the service still holds it (404 audio_not_held after)",
)
async def read_job_audio(request: Request, job_id: FromPath[str], read_job_audio: Injected[ReadJobAudio]) -> Stream:
    command = ReadJobAudioCommand(job_id, request_owner(request))
    audio = await anyio.to_thread.run_sync(read_job_audio.execute, command)
    name = f"{audio.job.output_file_name.value}.{audio.job.media_format.value}"
    return Stream(
        _chunks(audio.stream),
        media_type=MEDIA_TYPES.get(audio.job.media_format, "application/octet-stream"),
        headers={"Content-Length": str(audio.size_bytes), "Content-Disposition": f'inline; filename="{name}"'},
    )
