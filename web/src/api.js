// The api over fetch, as the page's user (a token's, with auth on) or, on
// the admin page, with the admin token.
export const cfg = window.VERDICT_CONFIG || {};

// The user token the site's backend put in window.VERDICT_CONFIG (auth on):
// the api's bearer token and the gateway's identify. gatewayToken is its
// older name. Never asked of the user.
export const token = cfg.token || cfg.gatewayToken || "";

// A v1 token names its user ("v1.<base64url userId>.<expiry>.<mac>"): with
// one, the page acts as that user and the name cannot be changed.
export function tokenUser(t) {
  const parts = t.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return "";
  try {
    const b = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b + "=".repeat((4 - (b.length % 4)) % 4));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return "";
  }
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// The answers index.html asked for early (public GETs), each taken once.
const early = window.VERDICT_EARLY || {};

// opts.admin: send the admin token (session storage) instead of the user's.
export async function api(path, opts = {}) {
  if (early[path] && !opts.method && !opts.admin) {
    const pending = early[path];
    delete early[path];
    const body = await pending;
    if (body !== null) return body;
  }
  const init = { method: opts.method || "GET", headers: Object.assign({}, opts.headers) };
  const bearer = opts.admin ? sessionStorage.getItem("verdict.admin") || "" : token;
  if (bearer) init.headers.Authorization = `Bearer ${bearer}`;
  if (opts.json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    init.body = opts.body;
  }
  const r = await fetch(path, init);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, body.error || `HTTP ${r.status}`);
  return body;
}
