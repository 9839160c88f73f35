"""Who spoke when: speaker turns, and the words of a transcript labelled with them."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from domain.transcript import Segment, Transcript, Word


@dataclass(frozen=True, slots=True)
class SpeakerTurn:
    """One stretch of speech by one speaker, as a diarizer heard it; `speaker` is its own label."""

    start: float
    end: float
    speaker: str


class _Turns:
    """Turns sorted by start, with what a lookup needs to stop early: the running maximum of
    their ends (turns may overlap, so ends are not sorted) and where that maximum lies."""

    def __init__(self, turns: Sequence[SpeakerTurn]) -> None:
        self.turns = sorted(turns, key=lambda t: (t.start, t.end))
        self.starts = [t.start for t in self.turns]
        self.max_end: list[float] = []
        self.max_at: list[int] = []
        for index, turn in enumerate(self.turns):
            if not self.max_end or turn.end > self.max_end[-1]:
                self.max_end.append(turn.end)
                self.max_at.append(index)
            else:
                self.max_end.append(self.max_end[-1])
                self.max_at.append(self.max_at[-1])

    def speaker_of(self, start: float, end: float) -> str | None:
        """The label with the most overlap with [start, end] (summed over its turns; the
        earlier label on a tie); for a span that no turn overlaps, the nearest turn's."""
        if not self.turns:
            return None
        before = bisect_left(self.starts, end)  # turns[:before] start before the span ends
        overlap: dict[str, float] = {}
        for index in range(before - 1, -1, -1):
            if self.max_end[index] <= start:
                break
            turn = self.turns[index]
            shared = min(end, turn.end) - max(start, turn.start)
            if shared > 0:
                overlap[turn.speaker] = overlap.get(turn.speaker, 0.0) + shared
        if overlap:
            best = max(overlap.values())
            return next(t.speaker for t in self.turns if overlap.get(t.speaker) == best)
        candidates = []
        if before > 0:  # the turn reaching furthest right among those that start earlier
            left = self.turns[self.max_at[before - 1]]
            candidates.append((max(0.0, start - left.end), left))
        if before < len(self.turns):
            right = self.turns[before]
            candidates.append((max(0.0, right.start - end), right))
        return min(candidates, key=lambda c: c[0])[1].speaker


def label_speakers(transcript: Transcript, turns: Sequence[SpeakerTurn]) -> Transcript:
    """The transcript with a speaker on every word and segment. Each word gets the label it
    overlaps most (the nearest turn's when it falls between turns); a segment without words
    takes the label its own span overlaps most; then `name_speakers`. Without turns, the
    transcript is returned unlabelled."""
    index = _Turns(turns)
    if not index.turns:
        return transcript
    segments = tuple(
        replace(
            segment,
            speaker=index.speaker_of(segment.start, segment.end) if not segment.words else None,
            words=tuple(replace(w, speaker=index.speaker_of(w.start, w.end)) for w in segment.words),
        )
        for segment in transcript.segments
    )
    return name_speakers(replace(transcript, segments=segments))


def name_speakers(transcript: Transcript) -> Transcript:
    """A transcript whose words (or wordless segments) carry an engine's own labels, made
    uniform: a segment is cut where its words change speaker; labels are renamed "Speaker 1",
    "Speaker 2", ... in the order they first speak; the transcript lists them in that order.
    A transcript with no label anywhere is returned as it is."""
    segments: list[Segment] = []
    for segment in transcript.segments:
        segments.extend(_cut_where_the_speaker_changes(segment, list(segment.words)) if segment.words else [segment])
    names: dict[str, str] = {}
    for segment in segments:
        for label in [w.speaker for w in segment.words] or [segment.speaker]:
            if label is not None and label not in names:
                names[label] = f"Speaker {len(names) + 1}"
    if not names:
        return transcript
    renamed = tuple(
        replace(
            s,
            speaker=names.get(s.speaker) if s.speaker else None,
            words=tuple(replace(w, speaker=names.get(w.speaker) if w.speaker else None) for w in s.words),
        )
        for s in segments
    )
    return replace(transcript, segments=renamed, speakers=tuple(names.values()))


def _cut_where_the_speaker_changes(segment: Segment, words: list[Word]) -> list[Segment]:
    runs: list[list[Word]] = []
    for word in words:
        if runs and runs[-1][-1].speaker == word.speaker:
            runs[-1].append(word)
        else:
            runs.append([word])
    if len(runs) == 1:
        return [replace(segment, words=tuple(words), speaker=words[0].speaker)]
    pieces = []
    # Whisper's words carry their own spacing (" Hello"); other engines' are bare words.
    spaced = "".join(w.text for w in words) == segment.text
    for number, run in enumerate(runs):
        start = segment.start if number == 0 else run[0].start
        end = segment.end if number == len(runs) - 1 else run[-1].end
        text = "".join(w.text for w in run) if spaced else " ".join(w.text.strip() for w in run)
        pieces.append(replace(segment, start=start, end=end, text=text, words=tuple(run), speaker=run[0].speaker))
    return pieces
