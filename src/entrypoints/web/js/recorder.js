// Records the microphone with MediaRecorder into one Blob, in a format the service accepts.

const TYPES = [
  ["audio/webm;codecs=opus", "webm"],
  ["audio/ogg;codecs=opus", "ogg"],
  ["audio/mp4", "m4a"],
];

function chosenType() {
  if (typeof MediaRecorder === "undefined") return null;
  return TYPES.find(([type]) => MediaRecorder.isTypeSupported(type)) || ["", "webm"];
}

export class Recorder {
  constructor() {
    this.recorder = null;
    this.stream = null;
    this.chunks = [];
    this.startedAt = 0;
  }

  get recording() {
    return this.recorder !== null;
  }

  async start() {
    const type = chosenType();
    if (type === null) throw new Error("this browser cannot record (no MediaRecorder)");
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const [mimeType, extension] = type;
    this.extension = extension;
    this.recorder = new MediaRecorder(this.stream, mimeType ? { mimeType } : {});
    this.chunks = [];
    this.recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    this.recorder.start(1000);
    this.startedAt = performance.now();
  }

  elapsedSeconds() {
    return this.recording ? (performance.now() - this.startedAt) / 1000 : 0;
  }

  // Resolves with a File holding the whole recording.
  stop() {
    const recorder = this.recorder;
    return new Promise((resolve) => {
      recorder.addEventListener("stop", () => {
        const type = recorder.mimeType || "audio/webm";
        const stamp = new Date().toISOString().replace(/[:.]/g, "-");
        resolve(new File(this.chunks, `recording-${stamp}.${this.extension}`, { type }));
        for (const track of this.stream.getTracks()) track.stop();
        this.recorder = null;
        this.stream = null;
      }, { once: true });
      recorder.stop();
    });
  }
}
