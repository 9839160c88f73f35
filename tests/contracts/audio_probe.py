"""AudioProbeContract: what every AudioProbe adapter promises (ScriptedAudioProbe in the unit
suite, PyAvAudioProbe on in-memory WAV in tests/integration).

A subclass provides the fixtures `probe` and `audio`, a function of seconds giving bytes the
probe takes for audio that long. Not named test_* so it is collected only through its
subclasses.
"""

from __future__ import annotations

import io

import pytest

from application.errors import UnsupportedAudio
from application.ports import AudioInfo

NOT_AUDIO = b"%PDF-1.7 this is a document, not a recording"


class AudioProbeContract:
    def test_audio_is_identified_and_measured(self, probe, audio) -> None:
        info = probe.probe(io.BytesIO(audio(2.0)))
        assert isinstance(info, AudioInfo)
        assert info.duration_seconds == pytest.approx(2.0, abs=0.05)
        assert info.sample_rate > 0 and info.channels >= 1

    def test_content_that_is_not_audio_is_unsupported(self, probe) -> None:
        with pytest.raises(UnsupportedAudio):
            probe.probe(io.BytesIO(NOT_AUDIO))

    def test_audio_past_the_maximum_measures_above_it(self, probe, audio) -> None:
        assert probe.probe(io.BytesIO(audio(5.0)), max_seconds=1.0).duration_seconds > 1.0

    def test_audio_within_the_maximum_measures_its_whole_length(self, probe, audio) -> None:
        assert probe.probe(io.BytesIO(audio(1.0)), max_seconds=5.0).duration_seconds == pytest.approx(1.0, abs=0.05)
