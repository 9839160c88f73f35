// Talks to the service's HTTP API: the key goes in the X-API-Key header; every error body
// ({"status_code", "error", "detail"}, or OpenAI's {"error": {...}} on /v1/models) becomes an ApiError.

const KEY_STORAGE = "voxrelay.apiKey";

export class ApiError extends Error {
  constructor(status, name, detail, retryAfter) {
    super(detail || name || `HTTP ${status}`);
    this.status = status;
    this.name = name || "error";
    this.detail = detail || "";
    this.retryAfter = retryAfter; // seconds, or null
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function storeKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function headers(extra = {}) {
  const key = storedKey();
  return key ? { ...extra, "X-API-Key": key } : extra;
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const retry = response.headers.get("Retry-After");
  const retryAfter = retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : null;
  if (body && typeof body.error === "object" && body.error !== null) {
    return new ApiError(response.status, body.error.code || body.error.type, body.error.message, retryAfter);
  }
  if (body && typeof body === "object") {
    return new ApiError(response.status, body.error, body.detail, retryAfter);
  }
  return new ApiError(response.status, response.statusText, "", retryAfter);
}

export async function request(path, { method = "GET", body = undefined } = {}) {
  let response;
  try {
    response = await fetch(path, { method, body, headers: headers() });
  } catch (failure) {
    throw new ApiError(0, "network_error", `the service could not be reached (${failure.message})`, null);
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

export async function json(path, options) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

export function upload(file, fields) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value) form.append(name, value);
  }
  form.append("file", file, file.name || "recording");
  return json("/upload-audio", { method: "POST", body: form });
}

// What a person reads for an error: what went wrong and what to do about it.
export function describe(error) {
  if (!(error instanceof ApiError)) return `Something went wrong: ${error.message || error}`;
  if (error.status === 401) {
    return storedKey()
      ? "The API key was refused (401). Check it and enter it again."
      : "This service needs an API key (401). Enter it above.";
  }
  if (error.status === 429) {
    const wait = error.retryAfter !== null ? ` Try again in ${error.retryAfter} s.` : " Try again shortly.";
    return `Too many requests (429 ${error.name}): ${error.detail}.${wait}`;
  }
  if (error.status === 0) return `Network error: ${error.detail}`;
  return `${error.status} ${error.name}: ${error.detail}`;
}
