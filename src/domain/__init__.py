"""The speech-to-text domain: jobs, transcripts and their rules. Standard library only."""
