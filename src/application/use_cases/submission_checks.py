"""SubmissionChecks: what SubmitAudio refuses before anything is counted or stored, and the
job a submission that passes them becomes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from application.clock import Clock
from application.errors import AudioTooLong, AudioTooShort, InvalidRequest, UnsupportedAudio
from application.ports import AudioInfo, AudioProbe, AudioStorage, Diarizer, ModelCatalog, SessionStore
from application.session_owner import owned_session
from domain.job import TranscriptionJob
from domain.values import AudioReference, LanguageCode, MediaFormat, OutputFileName, SessionId

if TYPE_CHECKING:
    from application.use_cases.submit_audio import SubmitAudioCommand


class SubmissionChecks:
    """The session, output name, format, language, model and speakers a submission names, then
    its audio as the probe measures it, checked in that order (SubmitAudio's rules say which
    refusal each is); the stored audio is left for the caller to delete."""

    def __init__(
        self,
        storage: AudioStorage,
        probe: AudioProbe,
        sessions: SessionStore,
        models: ModelCatalog,
        diarizer: Diarizer,
        clock: Clock,
        min_audio_seconds: float,
        max_audio_seconds: float | None,
        speakers_by_default: bool,
    ) -> None:
        self._storage = storage
        self._probe = probe
        self._sessions = sessions
        self._models = models
        self._diarizer = diarizer
        self._clock = clock
        self._min_seconds = min_audio_seconds
        self._max_seconds = max_audio_seconds
        self._speakers_by_default = speakers_by_default

    def new_job(self, command: SubmitAudioCommand) -> TranscriptionJob:
        session_id = self._open_session(command)
        output_name = OutputFileName(command.output_file_name) if command.output_file_name else None
        declared = MediaFormat.parse(command.media_format) if command.media_format else None
        language = LanguageCode.parse_optional(command.language)
        model = command.model.strip() if command.model and command.model.strip() else None
        self._models.check(model, language.value if language else None)
        speakers = self._speakers_by_default if command.speakers is None else command.speakers
        if speakers:
            self._diarizer.check()
        info = self._probed(command.audio, declared)
        return TranscriptionJob.submit(
            audio=command.audio,
            media_format=declared or info.media_format,
            now=self._clock(),
            session_id=session_id,
            owner=command.owner,
            output_file_name=output_name,
            language=language,
            model=model,
            audio_seconds=info.duration_seconds,
            speakers=speakers,
        )

    def _probed(self, audio: AudioReference, declared: MediaFormat | None) -> AudioInfo:
        with self._storage.open(audio) as stream:
            info = self._probe.probe(stream, max_seconds=self._max_seconds)
        if declared is not None and not declared.compatible_with(info.media_format):
            raise UnsupportedAudio(f"media_format says {declared.value} but the content is {info.media_format.value}")
        if info.duration_seconds < self._min_seconds:
            raise AudioTooShort(info.duration_seconds, self._min_seconds)
        if self._max_seconds is not None and info.duration_seconds > self._max_seconds:
            raise AudioTooLong(self._max_seconds)
        return info

    def _open_session(self, command: SubmitAudioCommand) -> SessionId | None:
        if not command.session_id:
            if command.require_session:
                raise InvalidRequest("session_id is required; open WS /notification to get one")
            return None
        return owned_session(self._sessions, command.session_id, command.owner)
