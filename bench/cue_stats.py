"""Subtitle cue statistics on the public set: how the cues read, not how fast they are made.

Transcribes every file of the evaluation set with word timings (tiny.en, beam 5, the
service's engine), cuts each transcript into cues and prints, over the whole set: cues per
minute of audio, the shortest and longest cue on screen, cues under 1 s and over 7 s, cues
of one or two words, and cues that end mid-phrase. A cue ends mid-phrase when it is not the
last, its last word carries no sentence or clause mark, and the next word follows within
0.3 s ("by gap"; "or stretched" also counts as a pause the silence Whisper folds into a
word that lasts far longer than a word of its length); of those, how many end on a word
that leans on the next ("the", "of", "and", "can"...).

`--cues-from FILE` measures another cue cutter (a module with `cues_of(transcript)`), for
example the one before a change: `git show REV:src/adapters/transcript_formats/cues.py > old.py`.
`--words FILE` keeps the transcripts, so the two runs measure the same words.

    .venv/bin/python bench/cue_stats.py [--words /tmp/words.json] [--cues-from old.py]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from adapters.json_codec import transcript_from_json, transcript_to_json  # noqa: E402
from adapters.transcript_formats.cue_breaks import PAUSE, Token, ends_clause, ends_sentence, silences_after  # noqa: E402
from adapters.transcript_formats.phrase_words import leans_forward  # noqa: E402
from domain.transcript import Transcript, TranscriptionOptions  # noqa: E402


def transcripts(eval_dir: Path, cache: Path | None) -> list[Transcript]:
    if cache is not None and cache.exists():
        return [transcript_from_json(entry) for entry in json.loads(cache.read_text())]
    from adapters.whisper import WhisperTranscriber

    engine = WhisperTranscriber(cpu_threads=2, word_timestamps=True)
    manifest = [json.loads(line) for line in (eval_dir / "manifest.jsonl").read_text().splitlines() if line.strip()]
    found = []
    for item in manifest:
        with (eval_dir / item["audio"]).open("rb") as audio:
            found.append(engine.transcribe(audio, TranscriptionOptions(language="en")))
    if cache is not None:
        cache.write_text(json.dumps([transcript_to_json(t) for t in found]))
    return found


def cutter(path: Path | None):
    if path is None:
        from adapters.transcript_formats.cues import cues_of

        return cues_of
    spec = importlib.util.spec_from_file_location("measured_cues", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["measured_cues"] = module
    spec.loader.exec_module(module)
    return module.cues_of


def statistics(found: list[Transcript], cues_of) -> dict:
    durations, mid_by_gap, mid_or_stretched, short_phrases, cue_count, leaning = [], 0, 0, 0, 0, 0
    for transcript in found:
        words = [w for w in transcript.words if w.text.strip()]
        tokens = [Token(float(w.start), float(w.end), w.text.strip()) for w in words]
        silences = silences_after(tokens)
        cues, at = cues_of(transcript), 0
        for index, cue in enumerate(cues):
            count = len(" ".join(cue.lines).split())
            at += count
            durations.append(float(cue.end - cue.start))
            short_phrases += int(count <= 2)
            if index + 1 == len(cues) or at >= len(words):
                continue
            last, following = words[at - 1], words[at]
            if ends_sentence(last.text.strip()) or ends_clause(last.text.strip()):
                continue
            mid_by_gap += int(following.start - last.end < PAUSE)
            leaning += int(leans_forward(last.text.strip()))
            mid_or_stretched += int(silences[at - 1] < PAUSE)
        cue_count += len(cues)
    minutes = sum(t.duration for t in found) / 60
    return {
        "files": len(found),
        "audio_minutes": round(minutes, 2),
        "cues": cue_count,
        "cues_per_minute": round(cue_count / minutes, 1),
        "shortest_s": round(min(durations), 2),
        "longest_s": round(max(durations), 2),
        "under_1s": sum(d < 1.0 - 1e-6 for d in durations),
        "over_7s": sum(d > 7.0 + 1e-6 for d in durations),
        "one_or_two_words": short_phrases,
        "mid_phrase_by_gap": mid_by_gap,
        "mid_phrase_by_gap_or_stretched": mid_or_stretched,
        "ending_on_the_of_and": leaning,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "public")
    parser.add_argument("--words", type=Path, help="transcripts with word timings: read if there, else written")
    parser.add_argument("--cues-from", type=Path, help="a module with cues_of(transcript) to measure instead")
    args = parser.parse_args()
    figures = statistics(transcripts(args.eval_dir, args.words), cutter(args.cues_from))
    print(f"cue cutter: {args.cues_from or 'adapters.transcript_formats.cues'}")
    for name, value in figures.items():
        print(f"  {name:32s} {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
