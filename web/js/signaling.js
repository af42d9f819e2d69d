// The WebSocket to turnsignal's /ws. Each JSON message arrives as a
// 'message' event; an unexpected close is reported as a 'close' event and
// followed by a reconnect with backoff until close() is called, because a
// restarted server or a network blip should not end the call for good.

const kFirstRetryMs = 1000;
const kMaxRetryMs = 10000;

// ws:// or wss:// to /ws on the origin the page came from.
export function signalingUrl(loc = location) {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

export class Signaling extends EventTarget {
  #url;
  #ws = null;
  #wanted = false;
  #attempt = 0;
  #retryTimer = 0;

  constructor(url) {
    super();
    this.#url = url;
  }

  get url() { return this.#url; }

  open() {
    this.#wanted = true;
    this.#connect();
  }

  close() {
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    const ws = this.#ws;
    this.#ws = null;
    ws?.close(1000, 'bye');
  }

  // False when the socket is not open: the caller's message is lost, which
  // is right for signaling (a rejoin after the reconnect starts afresh).
  send(message) {
    if (this.#ws?.readyState !== WebSocket.OPEN) return false;
    this.#ws.send(JSON.stringify(message));
    return true;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, {detail}));
  }

  #connect() {
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.#attempt = 0;
      this.#emit('open');
    };
    ws.onmessage = (e) => {
      let message;
      try {
        message = JSON.parse(e.data);
      } catch {
        this.#emit('bad-message', {text: String(e.data).slice(0, 200)});
        return;
      }
      if (message && typeof message.type === 'string') this.#emit('message', message);
      else this.#emit('bad-message', {text: String(e.data).slice(0, 200)});
    };
    // The browser tells nothing in 'error' (on purpose, against port
    // scanning); 'close' always follows it with a code, so report there.
    ws.onclose = (e) => {
      if (this.#ws !== ws) return;  // closed by close(): nothing to report
      this.#ws = null;
      const retryInMs = this.#wanted ? Math.min(kFirstRetryMs * 2 ** this.#attempt++, kMaxRetryMs) : 0;
      this.#emit('close', {code: e.code, reason: e.reason, opened, retryInMs});
      if (retryInMs) this.#retryTimer = setTimeout(() => this.#wanted && this.#connect(), retryInMs);
    };
  }
}
