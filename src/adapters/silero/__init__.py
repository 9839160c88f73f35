from adapters.silero.voice_activity import SileroVoiceActivity

__all__ = ["SileroVoiceActivity"]
