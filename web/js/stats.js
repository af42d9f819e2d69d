// What getStats() says about one peer connection, reduced to what a tile
// shows: the path ICE chose (relay through a TURN server, and over which
// transport, or direct), the round-trip time, and bitrates from the change
// in byte counters between two samples. Names are those of
// https://w3c.github.io/webrtc-stats/.

function candidate(c) {
  if (!c) return null;
  // relayProtocol and url are set on local relay candidates only: the
  // transport between this browser and its TURN server, and that server;
  // relatedAddress is then this browser's address as that server saw it.
  return {type: c.candidateType, protocol: c.protocol, address: c.address ?? c.ip, port: c.port,
          relayProtocol: c.relayProtocol ?? null, url: c.url ?? null, relatedAddress: c.relatedAddress ?? null};
}

function selectedPair(report) {
  for (const s of report.values()) {
    if (s.type === 'transport' && s.selectedCandidatePairId) return report.get(s.selectedCandidatePairId);
  }
  // Browsers without transport stats flag the pair itself.
  for (const s of report.values()) {
    if (s.type === 'candidate-pair' && (s.selected || (s.nominated && s.state === 'succeeded'))) return s;
  }
  return null;
}

// One sample: {at, path: {local, remote} | null, rttMs, bytesIn, bytesOut,
// framesDecoded, frameWidth, frameHeight, inKbps, outKbps}. `prev` is the
// previous sample of the same connection, for the rates.
export function sampleStats(report, prev) {
  const pair = selectedPair(report);
  const s = {at: performance.now(), path: null, rttMs: null, bytesIn: 0, bytesOut: 0,
             framesDecoded: 0, frameWidth: 0, frameHeight: 0, inKbps: null, outKbps: null};
  if (pair) {
    s.path = {local: candidate(report.get(pair.localCandidateId)),
              remote: candidate(report.get(pair.remoteCandidateId))};
    if (pair.currentRoundTripTime !== undefined) s.rttMs = Math.round(pair.currentRoundTripTime * 1000);
    s.bytesIn = pair.bytesReceived ?? 0;
    s.bytesOut = pair.bytesSent ?? 0;
  }
  for (const r of report.values()) {
    if (r.type === 'inbound-rtp' && r.kind === 'video') {
      s.framesDecoded += r.framesDecoded ?? 0;
      s.frameWidth = r.frameWidth ?? s.frameWidth;
      s.frameHeight = r.frameHeight ?? s.frameHeight;
    }
  }
  const seconds = prev ? (s.at - prev.at) / 1000 : 0;
  // No pair yet, no rate; a counter that went back belongs to a new pair
  // (an ICE restart): no rate either.
  if (pair && seconds > 0 && s.bytesIn >= prev.bytesIn && s.bytesOut >= prev.bytesOut) {
    s.inKbps = Math.round((s.bytesIn - prev.bytesIn) * 8 / 1000 / seconds);
    s.outKbps = Math.round((s.bytesOut - prev.bytesOut) * 8 / 1000 / seconds);
  }
  return s;
}

const kDirectWords = {host: 'same network', srflx: 'through NAT', prflx: 'through NAT'};

// {kind: 'relay'|'direct'|'pending', text, detail} for a path of sampleStats.
export function describePath(path) {
  if (!path?.local || !path.remote) return {kind: 'pending', text: 'connecting…', detail: ''};
  const {local, remote} = path;
  const detail = `local ${local.type} ${local.address}:${local.port}, remote ${remote.type} ${remote.address}:${remote.port}`;
  if (local.type === 'relay') {
    const over = (local.relayProtocol || local.protocol || '').toUpperCase();
    return {kind: 'relay', text: `Relay over ${over}`, detail: `${detail}, TURN server ${local.url ?? '?'}`};
  }
  if (remote.type === 'relay') return {kind: 'relay', text: "Relay (peer's TURN)", detail};
  return {kind: 'direct', text: `Direct, ${kDirectWords[local.type] ?? local.type}`, detail};
}

export function formatRate(kbps) {
  if (kbps === null) return '';
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbit/s` : `${kbps} kbit/s`;
}
