// Wires the page: the API key, the session channel, recording, files, live mode, the job
// list and the transcript view.

import { ApiError, describe, json, storeKey, storedKey, upload } from "./api.js";
import { clock } from "./format.js";
import { JobList } from "./jobs.js";
import { LiveTranscription } from "./live.js";
import { Recorder } from "./recorder.js";
import { SessionChannel } from "./session.js";
import { TranscriptView } from "./transcript.js";

const $ = (id) => document.getElementById(id);
const LANGUAGES = [
  ["en", "English"], ["es", "Spanish"], ["fr", "French"], ["de", "German"], ["it", "Italian"],
  ["pt", "Portuguese"], ["nl", "Dutch"], ["pl", "Polish"], ["sv", "Swedish"], ["ru", "Russian"],
  ["uk", "Ukrainian"], ["tr", "Turkish"], ["ar", "Arabic"], ["hi", "Hindi"], ["zh", "Chinese"],
  ["ja", "Japanese"], ["ko", "Korean"],
];

let models = [];
let channel = null;
let started = false;

// ---- messages ----------------------------------------------------------------------------

function showMessage(text, kind = "error") {
  $("message-text").textContent = text;
  $("message").dataset.kind = kind;
  $("message").hidden = false;
}

function clearMessage() {
  $("message").hidden = true;
  $("message-text").textContent = "";
}

$("message-close").addEventListener("click", clearMessage);

function report(error) {
  showMessage(describe(error), error instanceof ApiError && error.status === 429 ? "wait" : "error");
  if (error instanceof ApiError && error.status === 401) askForKey();
}

// ---- API key -----------------------------------------------------------------------------

function askForKey() {
  $("key-panel").hidden = false;
  $("api-key").value = storedKey();
  $("api-key").focus();
}

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  storeKey($("api-key").value.trim());
  clearMessage();
  start();
});

$("key-forget").addEventListener("click", () => {
  storeKey("");
  $("api-key").value = "";
  if (channel) channel.stop();
  channel = null;
  started = false;
  showMessage("The key was forgotten. Enter one to go on.", "info");
});

// ---- models and languages ----------------------------------------------------------------

function fillModels(list) {
  models = list;
  const select = $("model");
  const chosen = select.value;
  select.replaceChildren(new Option("default", ""));
  for (const model of list) {
    if (model.id === "whisper-1") continue; // the alias of the default
    select.append(new Option(model.multilingual ? model.id : `${model.id} (English only)`, model.id));
  }
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
  fillLanguages();
}

function fillLanguages() {
  const id = $("model").value || models[0]?.id;
  const model = models.find((m) => m.id === id);
  const multilingual = model ? model.multilingual : true;
  const select = $("language");
  const chosen = select.value;
  select.replaceChildren(new Option("auto", ""));
  for (const [code, name] of LANGUAGES) {
    if (multilingual || code === "en") select.append(new Option(`${name} (${code})`, code));
  }
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
}

$("model").addEventListener("change", fillLanguages);

function choices() {
  return { model: $("model").value, language: $("language").value };
}

// ---- session -----------------------------------------------------------------------------

const view = new TranscriptView({ onError: (text) => showMessage(text) });

const jobs = new JobList({
  onShow: (entry) => showTranscript(entry),
  onCancel: async (entry) => {
    try {
      jobs.put(await json(`/v1/jobs/${encodeURIComponent(entry.job.id)}/cancel`, { method: "POST" }));
    } catch (error) {
      report(error);
    }
  },
  onDelete: async (entry) => {
    try {
      await json(`/v1/jobs/${encodeURIComponent(entry.job.id)}`, { method: "DELETE" });
      jobs.remove(entry.job.id);
      view.hideIf(entry.job.id);
      $("record").focus();
    } catch (error) {
      report(error);
    }
  },
});

function showTranscript(entry) {
  view.show(entry);
}

let keptLiveStreams = 0; // live streams kept as jobs whose job has not arrived yet

function onResult(message, { whileAway }) {
  const extra = { note: whileAway ? "finished while you were away" : "" };
  if (!jobs.get(message.job_id) && keptLiveStreams > 0 && message.job.media_format === "wav") {
    keptLiveStreams -= 1;
    extra.name = `live stream ${new Date().toLocaleTimeString()}`;
  }
  if (message.type === "job.completed") extra.transcript = message.transcript;
  const entry = jobs.put(message.job, extra);
  if (message.type === "job.completed") {
    if (whileAway) showMessage(`Reconnected: “${entry.name}” finished while you were away.`, "info");
    showTranscript(entry);
  } else if (message.type === "job.failed") {
    showMessage(`The job “${entry.name}” failed: ${message.error || "unknown error"}`);
  }
}

// Jobs of a resumed session that ended before this page loaded (after a reload, say).
async function listSessionJobs(sessionId) {
  try {
    const page = await json(`/v1/jobs?session_id=${encodeURIComponent(sessionId)}&limit=50`);
    for (const job of page.jobs.reverse()) {
      if (jobs.get(job.id)) continue;
      let transcript = null;
      if (job.status === "COMPLETED") {
        transcript = (await json(`/v1/jobs/${encodeURIComponent(job.id)}`)).transcript;
      }
      if (job.status !== "QUEUED" && job.status !== "IN_PROGRESS") channel.markSeen(job.id);
      jobs.put(job, { transcript });
    }
  } catch (error) {
    report(error);
  }
}

function openChannel() {
  channel = new SessionChannel({
    onState: (text) => {
      $("connection-state").textContent = text;
    },
    onSession: (id, resumed) => {
      $("session-id").textContent = id;
      $("session-label").hidden = false;
      if (resumed) listSessionJobs(id);
    },
    onResult,
    onProgress: (message) => jobs.progress(message.job_id, message.progress),
    onError: (text, { fatal, auth }) => {
      showMessage(text, fatal ? "error" : "info");
      if (auth) {
        started = false; // the next key entered opens the channel again
        askForKey();
      }
    },
  });
  channel.connect();
}

async function start() {
  try {
    fillModels((await json("/v1/models")).data);
  } catch (error) {
    report(error);
    return;
  }
  if (storedKey()) $("key-panel").hidden = false; // the service has keys: keep the field at hand
  if (!started) {
    started = true;
    openChannel();
  }
}

// ---- uploading -----------------------------------------------------------------------------

// The file's name without its extension, in the characters output_file_name takes: the
// name downloads get, and the one the job is listed by after a reload.
function outputName(file) {
  const stem = (file.name || "").replace(/\.[^.]*$/, "").replace(/[^0-9A-Za-z._-]+/g, "_").slice(0, 200);
  return /^[._-]*$/.test(stem) ? "" : stem;
}

async function submit(file) {
  const sessionId = channel?.sessionId;
  if (!sessionId) {
    showMessage("Not connected to a session yet; try again in a moment.", "info");
    return;
  }
  const { model, language } = choices();
  try {
    const job = await upload(file, { session_id: sessionId, model, language, output_file_name: outputName(file) });
    jobs.put(job, { audio: file, name: file.name });
    clearMessage();
  } catch (error) {
    report(error);
  }
}

const recorder = new Recorder();
let ticking = null;

$("record").addEventListener("click", async () => {
  const button = $("record");
  if (!recorder.recording) {
    try {
      await recorder.start();
    } catch (error) {
      showMessage(`The microphone could not be opened: ${error.message}`);
      return;
    }
    button.textContent = "■ Stop";
    button.setAttribute("aria-pressed", "true");
    $("live").disabled = true;
    ticking = setInterval(() => {
      $("record-clock").textContent = `recording ${clock(recorder.elapsedSeconds())}`;
    }, 250);
    return;
  }
  clearInterval(ticking);
  $("record-clock").textContent = "uploading…";
  const file = await recorder.stop();
  button.textContent = "● Record";
  button.setAttribute("aria-pressed", "false");
  $("live").disabled = false;
  await submit(file);
  $("record-clock").textContent = "";
});

$("file-input").addEventListener("change", async (event) => {
  for (const file of event.target.files) await submit(file);
  event.target.value = "";
});

const dropzone = $("dropzone");
dropzone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropzone.classList.add("over");
});
dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
dropzone.addEventListener("drop", async (event) => {
  event.preventDefault();
  dropzone.classList.remove("over");
  for (const file of event.dataTransfer.files) await submit(file);
});

// ---- live mode -----------------------------------------------------------------------------

const lines = new Map(); // item id -> <li>

function line(itemId) {
  let item = lines.get(itemId);
  if (!item) {
    item = document.createElement("li");
    item.className = "partial";
    item.dataset.itemId = itemId;
    lines.set(itemId, item);
    $("live-lines").append(item);
  }
  return item;
}

const live = new LiveTranscription({
  onState: (text) => {
    $("live-state").textContent = text;
  },
  onDelta: (itemId, delta) => {
    line(itemId).textContent += delta;
  },
  onCompleted: (itemId, transcript) => {
    const item = line(itemId);
    item.textContent = transcript.trim();
    item.className = "completed";
  },
  onError: (text) => showMessage(text),
  onClosed: () => {
    $("live").textContent = "Live";
    $("live").setAttribute("aria-pressed", "false");
    $("record").disabled = false;
  },
});

$("live").addEventListener("click", async () => {
  const button = $("live");
  if (live.active) {
    await live.stop();
    return;
  }
  $("live-panel").hidden = false;
  button.textContent = "■ Stop live";
  button.setAttribute("aria-pressed", "true");
  $("record").disabled = true;
  try {
    const keepInSession = $("live-keep").checked ? channel?.sessionId || "" : "";
    await live.start({ ...choices(), keepInSession });
    if (keepInSession) keptLiveStreams += 1;
  } catch (error) {
    showMessage(`Live mode could not start: ${error.message}`);
    await live.stop();
    button.textContent = "Live";
    button.setAttribute("aria-pressed", "false");
    $("record").disabled = false;
  }
});

start();
