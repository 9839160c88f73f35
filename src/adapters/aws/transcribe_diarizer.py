"""TranscribeDiarizer: the Diarizer of AWS mode, where Amazon Transcribe labels speakers itself."""

from __future__ import annotations

from application.speaker_labelling import NoDiarizer


class TranscribeDiarizer(NoDiarizer):
    """Amazon Transcribe labels the speakers of every job when it is asked to at start-up
    (VOXRELAY_AWS_MAX_SPEAKERS) and the output parser reads them, so nothing here listens:
    `check` only refuses speakers when Transcribe is not asked for them. `diarize` is never
    called in AWS mode (no local engine runs) and refuses like the null diarizer."""

    def __init__(self, max_speakers: int | None) -> None:
        super().__init__("speaker labels from Amazon Transcribe need VOXRELAY_AWS_MAX_SPEAKERS (2 to 30)")
        self.labels_speakers = bool(max_speakers)

    def check(self) -> None:
        if not self.labels_speakers:
            super().check()
