// window.__call: a plain, JSON-able picture of the call for automated tests
// (tests/browser/), so they check facts instead of scraping the page's words.
// Rebuilt on every change and every stats sample; nothing reads it back.

const kMaxEvents = 100;

export class TestHook {
  events = [];  // {type, id, at}: Call's 'event's

  reset() {
    this.events = [];
  }

  record(type, id) {
    if (this.events.length < kMaxEvents) this.events.push({type, id, at: Math.round(performance.now())});
  }

  publish(call, notices) {
    window.__call = {
      state: call?.state ?? 'idle',
      id: call?.id ?? null,
      room: call?.room ?? null,
      relayOnly: call?.relayOnly ?? null,
      iceServers: (call?.iceServers ?? []).map((s) => ({urls: s.urls, username: s.username})),
      media: call ? {audio: call.media.audio, video: call.media.video} : null,
      peers: Object.fromEntries([...call?.peers.values() ?? []].map((p) => [p.id, peerFacts(p)])),
      events: this.events,
      notices: notices.snapshot(),
    };
  }
}

function peerFacts(peer) {
  const s = peer.stats;
  return {
    name: peer.name,
    offerer: peer.offerer,
    iceState: peer.pc.iceConnectionState,
    connectionState: peer.pc.connectionState,
    failed: peer.failed,
    slow: peer.slow,
    remoteMedia: peer.remoteMedia,
    path: s?.path ?? null,  // {local: {type, relayProtocol, address, port, url}, remote: {...}}
    framesDecoded: s?.framesDecoded ?? 0,
    frameWidth: s?.frameWidth ?? 0,
    rttMs: s?.rttMs ?? null,
    inKbps: s?.inKbps ?? null,
    outKbps: s?.outKbps ?? null,
    iceErrors: peer.iceErrors,
  };
}
