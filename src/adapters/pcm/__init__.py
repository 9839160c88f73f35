"""Raw PCM: the live stream's input formats turned into 16 kHz mono, and its recording."""

from adapters.pcm.input_audio import InputAudio, UnsupportedInputFormat
from adapters.pcm.wav_recording import WavRecording

__all__ = ["InputAudio", "UnsupportedInputFormat", "WavRecording"]
