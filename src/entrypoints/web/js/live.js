// Live mode: the microphone streamed to WS /v1/realtime?intent=transcription in OpenAI's
// Realtime transcription protocol. session.update configures a transcription session; audio
// goes as input_audio_buffer.append (base64 PCM16 mono, 24 kHz); the server's
// conversation.item.input_audio_transcription.delta and .completed events are shown per item.

import { storedKey } from "./api.js";

const SUBPROTOCOL_SAFE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 7230 token characters

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export class LiveTranscription {
  // handlers: onState(text), onDelta(itemId, delta), onCompleted(itemId, transcript),
  // onError(text), onClosed()
  constructor(handlers) {
    this.handlers = handlers;
    this.socket = null;
    this.context = null;
    this.stream = null;
    this.node = null;
    this.closing = false;
    this.commitAnswered = false;
    this.pending = new Set();
  }

  get active() {
    return this.socket !== null;
  }

  // keepInSession: a /notification session id; the stream then becomes a job of it (a
  // voxrelay extension of the protocol), pushed there as job.completed when the socket closes.
  async start({ model, language, keepInSession = "" }) {
    this.closing = false;
    this.commitAnswered = false;
    this.pending = new Set(); // committed utterances not yet transcribed
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    });
    const base = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/realtime`;
    const key = storedKey();
    // Browsers cannot set headers on a WebSocket. The key goes as the subprotocol OpenAI's
    // browser clients use, which keeps it out of URLs and their logs; a key with characters
    // a subprotocol cannot hold goes as ?token=.
    const query = new URLSearchParams({ intent: "transcription" });
    let protocols = [];
    if (key && SUBPROTOCOL_SAFE.test(key)) protocols = ["realtime", `openai-insecure-api-key.${key}`];
    else if (key) query.set("token", key);
    const socket = new WebSocket(`${base}?${query}`, protocols);
    this.socket = socket;
    socket.addEventListener("message", (event) => this.receive(event.data));
    socket.addEventListener("close", (event) => this.closed(socket, event));
    await new Promise((resolve, reject) => {
      socket.addEventListener("open", resolve, { once: true });
      socket.addEventListener("close", () => reject(new Error("the live socket closed before it opened")), { once: true });
    });
    const transcription = {};
    if (model) transcription.model = model;
    if (language) transcription.language = language;
    const extension = keepInSession ? { voxrelay: { keep: true, session_id: keepInSession } } : {};
    this.send({
      type: "session.update",
      session: {
        type: "transcription",
        ...extension,
        audio: {
          input: {
            format: { type: "audio/pcm", rate: 24000 },
            transcription,
            turn_detection: { type: "server_vad" },
          },
        },
      },
    });
    await this.startAudio();
    this.handlers.onState("listening…");
  }

  async startAudio() {
    this.context = new AudioContext();
    await this.context.audioWorklet.addModule("/ui/js/pcm-worklet.js");
    const source = this.context.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.context, "pcm16-downsampler", { numberOfInputs: 1, numberOfOutputs: 0 });
    this.node.port.onmessage = (event) => {
      this.send({ type: "input_audio_buffer.append", audio: base64(event.data) });
    };
    source.connect(this.node);
  }

  receive(data) {
    let event;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    switch (event.type) {
      case "conversation.item.input_audio_transcription.delta":
        this.handlers.onDelta(event.item_id, event.delta || "");
        break;
      case "input_audio_buffer.committed":
        this.pending.add(event.item_id);
        if (this.closing) this.commitAnswered = true;
        break;
      case "conversation.item.input_audio_transcription.completed":
        this.pending.delete(event.item_id);
        this.handlers.onCompleted(event.item_id, event.transcript || "");
        break;
      case "input_audio_buffer.speech_started":
        this.handlers.onState("hearing speech…");
        break;
      case "input_audio_buffer.speech_stopped":
        this.handlers.onState("transcribing…");
        break;
      case "conversation.item.input_audio_transcription.failed":
        this.pending.delete(event.item_id);
        this.handlers.onError(`An utterance could not be transcribed: ${event.error?.message || "unknown error"}`);
        break;
      case "error":
        if (this.closing) this.commitAnswered = true; // an empty buffer has nothing to commit
        else this.handlers.onError(`Live transcription error (${event.error?.code || event.error?.type || "error"}): ${event.error?.message || ""}`);
        break;
      default:
        break;
    }
    // Stopping: close once the final commit is answered and every utterance is transcribed.
    if (this.closing && this.commitAnswered && this.pending.size === 0) this.closeSoon(200);
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  stopAudio() {
    if (this.node) {
      this.node.port.postMessage("flush");
      this.node.disconnect();
      this.node = null;
    }
    if (this.stream) for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    if (this.context) this.context.close();
    this.context = null;
  }

  // Stop the microphone, commit what is buffered so its last words are transcribed, and
  // close once the server has had a moment to answer.
  async stop() {
    if (!this.socket) return;
    this.closing = true;
    this.stopAudio();
    await new Promise((resolve) => setTimeout(resolve, 150)); // the worklet's last frame
    this.send({ type: "input_audio_buffer.commit" });
    this.handlers.onState("finishing…");
    this.closeSoon(60000); // at the latest: a server that never answers
  }

  closeSoon(delayMs) {
    const socket = this.socket;
    if (!socket) return;
    clearTimeout(this.closer);
    this.closer = setTimeout(() => socket.close(1000, "done"), delayMs);
  }

  closed(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.stopAudio();
    if (!this.closing && event.code !== 1000) {
      const reason = event.reason ? `: ${event.reason}` : "";
      const auth = event.code === 4401 || event.code === 1008 ? " (check the API key)" : "";
      this.handlers.onError(`The live socket closed (code ${event.code}${reason})${auth}.`);
    }
    this.handlers.onState("stopped");
    this.handlers.onClosed();
  }
}
