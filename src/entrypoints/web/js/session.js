// The seed's session channel, WS /notification: a greeting with the session id, then one
// message per finished job. After a drop it reconnects with ?session_id= and the service
// sends first what finished meanwhile. Delivery is at least once: results are deduplicated
// by job_id here, so a result seen twice is shown once.

import { storedKey } from "./api.js";

const SESSION_STORAGE = "voxrelay.sessionId";
const FINAL_TYPES = new Set(["job.completed", "job.failed", "job.cancelled"]);
const PING_SECONDS = 25;
const RESUME_WINDOW_MS = 2000; // results this soon after a resumed greeting were pending

export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_SESSION_NOT_FOUND = 4404;
export const CLOSE_TOO_MANY_SOCKETS = 4429;

export class SessionChannel {
  // handlers: onState(text), onSession(id, resumed), onResult(message, {whileAway}),
  // onProgress(message), onError(text, {fatal})
  constructor(handlers) {
    this.handlers = handlers;
    this.socket = null;
    this.seen = new Set();
    this.attempt = 0;
    this.stopped = false;
    this.resumedAt = 0;
    this.timer = null;
    this.pinger = null;
  }

  get sessionId() {
    return sessionStorage.getItem(SESSION_STORAGE) || "";
  }

  connect() {
    this.stopped = false;
    clearTimeout(this.timer);
    const base = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/notification`;
    const resuming = this.sessionId;
    const url = resuming ? `${base}?session_id=${encodeURIComponent(resuming)}` : base;
    this.handlers.onState(resuming ? "reconnecting…" : "connecting…");
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      // The key goes as the first message, not in the URL, so it is in no log of the URL.
      const key = storedKey();
      if (key) socket.send(JSON.stringify({ type: "auth", api_key: key }));
    });
    socket.addEventListener("message", (event) => this.receive(event.data, Boolean(resuming)));
    socket.addEventListener("close", (event) => this.closed(socket, event));
  }

  receive(data, resuming) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message.session_id === "string" && message.type === undefined) {
      sessionStorage.setItem(SESSION_STORAGE, message.session_id);
      this.attempt = 0;
      this.resumedAt = resuming ? Date.now() : 0;
      this.handlers.onState("connected");
      this.handlers.onSession(message.session_id, resuming);
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ type: "ping" }), PING_SECONDS * 1000);
      return;
    }
    if (message.type === "job.progress") {
      this.handlers.onProgress(message);
    } else if (FINAL_TYPES.has(message.type)) {
      if (this.seen.has(message.job_id)) return; // at-least-once delivery: a duplicate
      this.seen.add(message.job_id);
      const whileAway = this.resumedAt > 0 && Date.now() - this.resumedAt < RESUME_WINDOW_MS;
      this.handlers.onResult(message, { whileAway });
    } else if (message.type === "error") {
      this.lastError = message;
    }
  }

  // A job whose result came some other way (listing the session's jobs) is not shown twice.
  markSeen(jobId) {
    this.seen.add(jobId);
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  closed(socket, event) {
    if (socket !== this.socket) return;
    clearInterval(this.pinger);
    this.socket = null;
    if (this.stopped) return;
    if (event.code === CLOSE_UNAUTHORIZED) {
      this.handlers.onState("not connected");
      this.handlers.onError("The notification socket refused the API key (401). Enter a valid key.", { fatal: true, auth: true });
      return;
    }
    if (event.code === CLOSE_SESSION_NOT_FOUND) {
      sessionStorage.removeItem(SESSION_STORAGE);
      this.handlers.onError("The previous session expired; a new one was opened.", { fatal: false });
      this.connect();
      return;
    }
    const wait = Math.min(10, 0.5 * 2 ** this.attempt);
    this.attempt += 1;
    if (event.code === CLOSE_TOO_MANY_SOCKETS) {
      this.handlers.onError(`Too many open sockets for this key (4429); retrying in ${wait} s.`, { fatal: false });
    }
    this.handlers.onState(`disconnected; reconnecting in ${wait} s`);
    this.timer = setTimeout(() => this.connect(), wait * 1000);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    if (this.socket) this.socket.close();
    this.socket = null;
  }
}
