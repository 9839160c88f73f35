"""Long recordings decoded as faster-whisper's sequential path decodes them, several
stretches of one recording at once.

The VAD finds the speech, and the recording is split in silences into `streams` stretches
of about equal speech. Each stretch is decoded in windows of at most 30 s cut in silences,
one pass per window, each conditioned on the text before it, with the temperature
fallback and the no-speech and compression checks of the sequential path. The stretches
run side by side on one BatchingEngine, so their windows go through the encoder and the
beam search together. Only the first window of each stretch starts without the text
before it, and the previous text of windows decoded together is cut to a common length
(CTranslate2 needs the prompts of one batch aligned).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import numpy as np
from faster_whisper.audio import pad_or_trim
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import Segment, Word
from faster_whisper.vad import VadOptions, get_speech_timestamps

from adapters.whisper.call_batching import decode_together

SAMPLE_RATE = 16000
WINDOW_SECONDS = 30.0
UNHEARD_SECONDS = 2.0  # a window's end left undecoded longer than this is decoded again


def speech_parts(samples: np.ndarray, window_seconds: float = WINDOW_SECONDS) -> list[tuple[int, int]]:
    """(start, end) sample bounds of the stretches of speech the VAD finds, none longer than a window."""
    speech = get_speech_timestamps(
        samples, VadOptions(max_speech_duration_s=window_seconds, min_silence_duration_ms=160)
    )
    return [(int(part["start"]), int(part["end"])) for part in speech]


def next_window(parts: list[tuple[int, int]], position: int, limit: int) -> tuple[int, int] | None:
    """The window from `position` on: the speech parts that end after it, joined while the
    window stays within `limit` samples (cut in a silence), or `limit` of one long part."""
    following = [part for part in parts if part[1] > position]
    if not following:
        return None
    start = max(position, following[0][0])
    end = min(following[0][1], start + limit)
    for part in following[1:]:
        if part[1] - start > limit:
            break
        end = part[1]
    return start, end


def stretches(windows: list[tuple[int, int]], count: int) -> list[list[tuple[int, int]]]:
    """The speech parts in `count` runs (or fewer) of about equal speech, in order."""
    if not windows:
        return []
    total = sum(end - start for start, end in windows)
    runs: list[list[tuple[int, int]]] = [[]]
    done = 0
    for window in windows:
        if runs[-1] and done >= total * len(runs) / count and len(runs) < count:
            runs.append([])
        runs[-1].append(window)
        done += window[1] - window[0]
    return runs


def transcribe_in_streams(
    model: Any,
    samples: np.ndarray,
    streams: int,
    on_segment: Callable[[float], None] | None = None,
    engine_calls: list | None = None,
    **options: Any,
) -> tuple[Iterator[Any], Any]:
    """(segments, info) as WhisperModel.transcribe gives, times in the whole recording.
    `on_segment(fraction)` is called from the first stretch as it advances (the stretches
    advance together); an error it raises stops every stretch and is raised here."""
    runs = stretches(speech_parts(samples), streams)
    if not runs:  # no speech at all: the sequential path on the whole says so in its own words
        return model.transcribe(samples, **options)
    # Options exactly as the sequential path builds them (transcribe is lazy: nothing is
    # decoded until its segments are read; a multilingual model detects the language here).
    first, last = runs[0][0]
    _, info = model.transcribe(samples[first:last], **options)
    info = replace(info, duration=samples.size / SAMPLE_RATE)
    tokenizer_of = lambda view: Tokenizer(  # noqa: E731
        view.hf_tokenizer, view.model.is_multilingual, task="transcribe", language=info.language
    )
    first_run = runs[0]
    first_end = first_run[-1][1]

    def decode(view: Any, run: list[tuple[int, int]]) -> list[Any]:
        segments = []
        for segment in _windows_in_turn(view, tokenizer_of(view), info.transcription_options, samples, run):
            segments.append(segment)
            if on_segment is not None and run is first_run:
                done = (segment.end * SAMPLE_RATE - first_run[0][0]) / max(1, first_end - first_run[0][0])
                on_segment(min(1.0, max(0.0, done)))
        return segments

    outcomes = decode_together(model, runs, decode, engine_calls, aligned_prompts=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    return iter([segment for segments in outcomes for segment in segments]), info


def _windows_in_turn(view: Any, tokenizer: Any, options: Any, samples: np.ndarray, run: list[tuple[int, int]]):
    """One pass per window, built of WhisperModel's own steps (prompt, fallback, no-speech
    check, split at timestamps, word alignment), the previous windows' text as the prompt.
    Windows are cut in silences. Unlike the sequential path, text after a window's last
    timestamp is kept as its last segment instead of being decoded again; only when the
    decode stopped more than UNHEARD_SECONDS before the window's end does the next window
    start where it stopped (joined with the speech after it, as the sequential path slides)."""
    all_tokens: list[int] = []
    prompt_reset_since = 0
    last_speech = 0.0
    limit = int(WINDOW_SECONDS * SAMPLE_RATE)
    position = run[0][0]
    while (window := next_window(run, position, limit)) is not None:
        start, end = window
        position = end
        features = view.feature_extractor(samples[start:end])
        size = min(view.feature_extractor.nb_max_frames, features.shape[-1] - 1)
        seek = round(start / SAMPLE_RATE * view.frames_per_second)
        offset = seek / view.frames_per_second
        duration = size * view.feature_extractor.time_per_frame
        encoder_output = view.encode(pad_or_trim(features[:, :size]))
        prompt = view.get_prompt(
            tokenizer, all_tokens[prompt_reset_since:], without_timestamps=options.without_timestamps,
            hotwords=options.hotwords,
        )
        result, avg_logprob, temperature, compression_ratio = view.generate_with_fallback(
            encoder_output, prompt, tokenizer, options
        )
        if _no_speech(options, result, avg_logprob):
            continue
        tokens = result.sequences_ids[0]
        segments, _, _ = view._split_segments_by_timestamps(
            tokenizer=tokenizer, tokens=tokens, time_offset=offset, segment_size=size,
            segment_duration=duration, seek=seek,
        )
        _keep_the_unfinished_end(segments, tokens, tokenizer, offset, duration, seek, view.time_precision)
        if options.word_timestamps:
            last_speech = view.add_word_timestamps(
                [segments], tokenizer, encoder_output, size, options.prepend_punctuations,
                options.append_punctuations, last_speech_timestamp=last_speech,
            ) or last_speech
        heard_until = int(max((segment["end"] for segment in segments), default=offset + duration) * SAMPLE_RATE)
        if end - heard_until > UNHEARD_SECONDS * SAMPLE_RATE and heard_until > start:
            position = heard_until  # the model stopped early: the next window starts where it stopped
        for segment in segments:
            text = tokenizer.decode(segment["tokens"])
            if segment["start"] == segment["end"] or not text.strip():
                continue
            all_tokens.extend(segment["tokens"])
            yield Segment(
                id=0, seek=seek, start=segment["start"], end=segment["end"], text=text, tokens=segment["tokens"],
                avg_logprob=avg_logprob, compression_ratio=compression_ratio, no_speech_prob=result.no_speech_prob,
                words=[Word(**w) for w in segment["words"]] if options.word_timestamps else None,
                temperature=temperature,
            )
        if not options.condition_on_previous_text or temperature > options.prompt_reset_on_temperature:
            prompt_reset_since = len(all_tokens)


def _no_speech(options: Any, result: Any, avg_logprob: float) -> bool:
    """The sequential path's check: likely silence, unless the text is likely enough."""
    if options.no_speech_threshold is None or result.no_speech_prob <= options.no_speech_threshold:
        return False
    return not (options.log_prob_threshold is not None and avg_logprob > options.log_prob_threshold)


def _keep_the_unfinished_end(segments, tokens, tokenizer, offset, duration, seek, precision) -> None:
    """Text after the last complete segment (the sequential path decodes it again in the
    next window) becomes one more segment, up to the window's end."""
    covered = sum(len(segment["tokens"]) for segment in segments)
    if not segments or covered >= len(tokens):
        return
    rest = tokens[covered:]
    if not any(token < tokenizer.eot for token in rest):
        return
    begins = rest[0] - tokenizer.timestamp_begin if rest[0] >= tokenizer.timestamp_begin else None
    start = offset + begins * precision if begins is not None else segments[-1]["end"]
    segments.append(dict(seek=seek, start=start, end=max(start, offset + duration), tokens=rest))
