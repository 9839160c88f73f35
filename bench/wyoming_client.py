"""Run with a peer's Python (its venv has `wyoming`): for each WAV path read on stdin, send
it to a Wyoming server as Transcribe, AudioStart, 1 s AudioChunks, AudioStop, wait for the
Transcript event, and print one JSON line {"text", "wall"} (wall from reading the file to
the transcript). 16 kHz mono 16-bit PCM WAV only: what the shared public set holds.

    bench/.peers/wyoming-faster-whisper/bin/python bench/wyoming_client.py tcp://127.0.0.1:PORT en
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import wave

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient


async def transcribe(host: str, port: int, path: str, language: str) -> str:
    with wave.open(path) as audio:
        rate, width, channels = audio.getframerate(), audio.getsampwidth(), audio.getnchannels()
        pcm = audio.readframes(audio.getnframes())
    async with AsyncTcpClient(host, port) as client:
        await client.write_event(Transcribe(language=language).event())
        await client.write_event(AudioStart(rate=rate, width=width, channels=channels).event())
        step = rate * width * channels
        for offset in range(0, len(pcm), step):
            chunk = AudioChunk(rate=rate, width=width, channels=channels, audio=pcm[offset : offset + step])
            await client.write_event(chunk.event())
        await client.write_event(AudioStop().event())
        while True:
            event = await client.read_event()
            if event is None:
                raise RuntimeError("the server closed the connection without a transcript")
            if Transcript.is_type(event.type):
                return Transcript.from_event(event).text


def main() -> None:
    uri, language = sys.argv[1], sys.argv[2]
    host, port = uri.removeprefix("tcp://").rsplit(":", 1)
    for line in sys.stdin:
        started = time.perf_counter()
        text = asyncio.run(transcribe(host, int(port), line.strip(), language))
        print(json.dumps({"text": text, "wall": time.perf_counter() - started}), flush=True)


if __name__ == "__main__":
    main()
