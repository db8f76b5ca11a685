// The live connection to the gateway: identify, receive this user's events
// (results, progress, runs) and broadcasts, reconnect with backoff, and
// catch up on what was missed by sending the last seq seen as "since".
import { cfg, token } from "./api.js";

export class Live {
  // on: {state(text), event(ev), resync()}
  constructor(on) {
    this.on = on;
    this.ws = null;
    this.user = "";
    this.ready = false;
    this.retry = 500;
    this.timer = null;
  }

  start(user) {
    this.user = user;
    this.retry = 500;
    this.connect();
  }

  connect() {
    clearTimeout(this.timer);
    if (this.ws) {
      const old = this.ws;
      this.ws = null;
      old.close();
    }
    if (!cfg.gatewayUrl || !this.user) { this.set(false, "offline"); return; }
    this.set(false, "connecting");
    const ws = new WebSocket(cfg.gatewayUrl);
    this.ws = ws;
    // Per user, kept across reloads: the gateway replays what was published
    // while no tab of ours listened.
    const seqKey = "verdict.seq." + this.user;
    ws.onopen = () => {
      const hello = { userId: this.user };
      const since = localStorage.getItem(seqKey);
      if (since !== null) hello.since = Number(since);
      if (token) hello.token = token;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (m) => {
      let ev;
      try { ev = JSON.parse(m.data); } catch { return; }
      if (typeof ev.seq === "number" && ev.seq > 0) localStorage.setItem(seqKey, String(ev.seq));
      if (ev.type === "ready") {
        if (typeof ev.seq === "number") localStorage.setItem(seqKey, String(ev.seq));
        this.retry = 500;
        this.set(true, "live");
        return;
      }
      if (ev.type === "resync") { this.on.resync(); return; }
      this.on.event(ev);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.set(false, "reconnecting");
      this.timer = setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, 10000);
    };
  }

  set(ready, text) {
    const was = this.ready;
    this.ready = ready;
    this.on.state(text, ready && !was);
  }
}
