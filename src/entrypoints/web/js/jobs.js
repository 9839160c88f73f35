// The job list: each job with its status and progress, cancel and delete, and a button
// that shows its transcript.

import { element } from "./format.js";

const ACTIVE = new Set(["QUEUED", "IN_PROGRESS"]);

export class JobList {
  // handlers: onShow(entry), onCancel(entry), onDelete(entry)
  constructor(handlers) {
    this.handlers = handlers;
    this.list = document.getElementById("jobs");
    this.empty = document.getElementById("jobs-empty");
    this.entries = new Map(); // job id -> {job, transcript, audio, name, note, progress}
  }

  get(jobId) {
    return this.entries.get(jobId);
  }

  // Add or update a job; `extra` may carry transcript, audio, name, note.
  put(job, extra = {}) {
    const entry = this.entries.get(job.id) || { job, transcript: null, audio: null, name: job.output_file_name, note: "", progress: 0 };
    Object.assign(entry, extra, { job: { ...entry.job, ...job } });
    entry.progress = Math.max(entry.progress, job.progress || 0);
    this.entries.set(job.id, entry);
    this.render(entry);
    return entry;
  }

  progress(jobId, progress) {
    const entry = this.entries.get(jobId);
    if (!entry || !ACTIVE.has(entry.job.status)) return;
    entry.progress = Math.max(entry.progress, progress);
    entry.job.status = "IN_PROGRESS";
    this.render(entry);
  }

  remove(jobId) {
    this.entries.delete(jobId);
    this.list.querySelector(`li[data-job-id="${CSS.escape(jobId)}"]`)?.remove();
    this.empty.hidden = this.entries.size > 0;
  }

  render(entry) {
    const { job } = entry;
    const id = job.id;
    const percent = Math.round((job.status === "COMPLETED" ? 1 : entry.progress) * 100);
    const status = job.status.toLowerCase().replace("_", " ");
    const item = element(
      "li",
      { className: `job ${job.status.toLowerCase()}`, dataset: { jobId: id, status: job.status } },
      element("span", { className: "job-name" }, entry.name || id),
      element("span", { className: "status", "aria-label": `status ${status}` }, status),
      ACTIVE.has(job.status)
        ? element("progress", { max: "100", value: String(percent), "aria-label": `progress of ${entry.name || id}` }, `${percent}%`)
        : null,
      entry.note ? element("span", { className: "note" }, entry.note) : null,
      job.error ? element("span", { className: "error" }, job.error) : null,
      element(
        "span",
        { className: "job-actions" },
        entry.transcript
          ? element("button", { type: "button", className: "show", onclick: () => this.handlers.onShow(entry) }, "Show transcript")
          : null,
        ACTIVE.has(job.status)
          ? element("button", { type: "button", className: "cancel", onclick: () => this.handlers.onCancel(entry) }, "Cancel")
          : element("button", { type: "button", className: "delete quiet", onclick: () => this.handlers.onDelete(entry) }, "Delete"),
      ),
      entry.transcript ? element("p", { className: "preview" }, entry.transcript.text.trim()) : null,
    );
    const existing = this.list.querySelector(`li[data-job-id="${CSS.escape(id)}"]`);
    if (existing) {
      // Keep the keyboard where it was: a re-rendered row gets its focused button back.
      const focused = existing.contains(document.activeElement) ? document.activeElement.className : null;
      existing.replaceWith(item);
      if (focused) (item.querySelector(`button[class="${focused}"]`) || item.querySelector("button"))?.focus();
    } else {
      this.list.prepend(item);
    }
    this.empty.hidden = true;
  }
}
