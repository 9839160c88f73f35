// The transcript view: words with their timings and confidence (low confidence marked),
// speakers where the words name them, a player that each word seeks, and downloads.

import { element, seconds } from "./format.js";
import { describe, request } from "./api.js";

export const LOW_CONFIDENCE = 0.5;

function speakerName(speaker) {
  return typeof speaker === "number" ? `Speaker ${speaker + 1}` : String(speaker);
}

export class TranscriptView {
  constructor({ onError }) {
    this.onError = onError;
    this.panel = document.getElementById("transcript-panel");
    this.meta = document.getElementById("transcript-meta");
    this.text = document.getElementById("transcript-text");
    this.timings = document.getElementById("timings-body");
    this.player = document.getElementById("player");
    this.playerNote = document.getElementById("player-note");
    this.entry = null;
    this.audioUrl = null;
    for (const button of this.panel.querySelectorAll(".downloads button")) {
      button.addEventListener("click", () => this.download(button.dataset.format, button.dataset.ext));
    }
  }

  get jobId() {
    return this.entry ? this.entry.job.id : null;
  }

  // entry: {job, transcript, audio (a Blob this page uploaded, or null), name}
  show(entry) {
    this.entry = entry;
    this.panel.hidden = false;
    const { transcript } = entry;
    const language = transcript.language ? `language ${transcript.language}` : "";
    this.meta.textContent = [entry.name, language, `${seconds(transcript.duration)} long`].filter(Boolean).join(" · ");
    this.renderWords(transcript);
    this.loadAudio(entry);
  }

  hideIf(jobId) {
    if (this.jobId === jobId) {
      this.panel.hidden = true;
      this.entry = null;
      this.releaseAudio();
    }
  }

  renderWords(transcript) {
    this.text.replaceChildren();
    this.timings.replaceChildren();
    let speaker = null;
    let paragraph = null;
    let anySpeaker = false;
    for (const segment of transcript.segments || []) {
      const words = segment.words && segment.words.length ? segment.words : null;
      if (!words) {
        paragraph = element("p", {}, segment.text.trim());
        this.text.append(paragraph);
        continue;
      }
      paragraph = null;
      for (const word of words) {
        const wordSpeaker = word.speaker ?? segment.speaker ?? null;
        if (paragraph === null || wordSpeaker !== speaker) {
          speaker = wordSpeaker;
          paragraph = element("p", { className: "utterance" });
          if (speaker !== null) {
            anySpeaker = true;
            paragraph.append(element("span", { className: "speaker" }, `${speakerName(speaker)}:`), " ");
          }
          this.text.append(paragraph);
        }
        paragraph.append(this.wordButton(word), " ");
        this.timings.append(this.timingRow(word, wordSpeaker));
      }
    }
    this.panel.classList.toggle("with-speakers", anySpeaker);
  }

  wordButton(word) {
    const low = typeof word.confidence === "number" && word.confidence < LOW_CONFIDENCE;
    const confidence = typeof word.confidence === "number" ? word.confidence.toFixed(2) : "unknown";
    const label = `${word.text.trim()}, ${seconds(word.start)} to ${seconds(word.end)}, confidence ${confidence}${low ? " (low)" : ""}`;
    return element(
      "button",
      {
        type: "button",
        className: low ? "word low" : "word",
        title: `${seconds(word.start)}–${seconds(word.end)} · confidence ${confidence}`,
        "aria-label": label,
        dataset: { start: word.start, end: word.end, confidence: word.confidence ?? "" },
        onclick: () => this.seek(word.start),
      },
      word.text.trim(),
    );
  }

  timingRow(word, speaker) {
    const low = typeof word.confidence === "number" && word.confidence < LOW_CONFIDENCE;
    const confidence = typeof word.confidence === "number" ? word.confidence.toFixed(2) : "–";
    return element(
      "tr",
      { className: low ? "low" : null },
      element("td", {}, word.start.toFixed(2)),
      element("td", {}, word.end.toFixed(2)),
      element("td", {}, word.text.trim()),
      element("td", {}, confidence),
      element("td", { className: "speaker-col" }, speaker === null ? "" : speakerName(speaker)),
    );
  }

  seek(start) {
    if (this.player.hidden || !this.player.src) return;
    this.player.currentTime = start;
    this.player.play().catch(() => {}); // a browser may refuse to play without a gesture
  }

  releaseAudio() {
    if (this.audioUrl) URL.revokeObjectURL(this.audioUrl);
    this.audioUrl = null;
    this.player.removeAttribute("src");
    this.player.hidden = true;
  }

  // The audio this page uploaded plays from the browser's copy; any other from the
  // service, while it still holds the upload.
  async loadAudio(entry) {
    this.releaseAudio();
    this.playerNote.hidden = true;
    let blob = entry.audio;
    if (!blob) {
      try {
        blob = await (await request(`/v1/jobs/${encodeURIComponent(entry.job.id)}/audio`)).blob();
      } catch (error) {
        if (this.entry !== entry) return;
        this.playerNote.hidden = false;
        this.playerNote.textContent = error.status === 404 ? "The service no longer holds this audio." : describe(error);
        return;
      }
    }
    if (this.entry !== entry) return;
    this.audioUrl = URL.createObjectURL(blob);
    this.player.src = this.audioUrl;
    this.player.hidden = false;
  }

  async download(format, extension) {
    const entry = this.entry;
    if (!entry) return;
    try {
      const response = await request(`/v1/jobs/${encodeURIComponent(entry.job.id)}/transcript?format=${format}`);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = element("a", { href: url, download: `${entry.job.output_file_name || entry.job.id}.${extension}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      this.onError(describe(error));
    }
  }
}
