// A call between two RTCPeerConnections in this page, relay-only, through the
// TURN server of the query string: ?turn=URL&username=U&credential=P
// &frames=N&deadlineMs=T. Both sides send Chromium's fake camera; offer,
// answer and candidates are handed over in the page, so no signaling server
// is needed. The page only reports what it saw in window.result; the node
// script (relay_call.mjs) judges it.

const params = new URLSearchParams(location.search);
const wantFrames = Number(params.get('frames') || 30);
const deadlineMs = Number(params.get('deadlineMs') || 30000);
const config = {
  iceServers: [{urls: params.get('turn'), username: params.get('username'), credential: params.get('credential')}],
  // Only relay candidates: a call that works at all went through the server.
  iceTransportPolicy: 'relay',
};

const iceErrors = [];
const candidates = {caller: 0, callee: 0};

function connect(name) {
  const pc = new RTCPeerConnection(config);
  // TURN failures (401, 403, unreachable server) surface only here.
  pc.onicecandidateerror = (e) =>
    iceErrors.push({side: name, url: e.url, errorCode: e.errorCode, errorText: e.errorText});
  pc.ontrack = (e) => { document.getElementById(name).srcObject = e.streams[0]; };
  return pc;
}

// The candidate pair ICE chose and what arrived over it, from getStats().
async function sideReport(pc) {
  const stats = await pc.getStats();
  const byId = new Map([...stats.values()].map((s) => [s.id, s]));
  const report = {iceState: pc.iceConnectionState, gathering: pc.iceGatheringState, framesDecoded: 0,
                  packetsReceived: 0};
  for (const s of stats.values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      report.framesDecoded = s.framesDecoded ?? 0;
      report.packetsReceived = s.packetsReceived ?? 0;
    }
    if (s.type === 'transport' && s.selectedCandidatePairId) {
      const pair = byId.get(s.selectedCandidatePairId);
      const local = pair && byId.get(pair.localCandidateId);
      const remote = pair && byId.get(pair.remoteCandidateId);
      if (local && remote) {
        report.local = {type: local.candidateType, address: local.address, port: local.port,
                        relayProtocol: local.relayProtocol, url: local.url};
        report.remote = {type: remote.candidateType, address: remote.address, port: remote.port};
      }
    }
  }
  return report;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call() {
  const caller = connect('caller');
  const callee = connect('callee');
  const handOver = (name, to) => (e) => {
    if (!e.candidate) return;
    ++candidates[name];
    to.addIceCandidate(e.candidate);
  };
  caller.onicecandidate = handOver('caller', callee);
  callee.onicecandidate = handOver('callee', caller);

  // Media both ways, so both directions of the relay carry something to decode.
  for (const pc of [caller, callee]) {
    const stream = await navigator.mediaDevices.getUserMedia({video: {width: 320, height: 240}, audio: false});
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
  }
  await caller.setLocalDescription(await caller.createOffer());
  await callee.setRemoteDescription(caller.localDescription);
  await callee.setLocalDescription(await callee.createAnswer());
  await caller.setRemoteDescription(callee.localDescription);

  const started = performance.now();
  for (;;) {
    const sides = {caller: await sideReport(caller), callee: await sideReport(callee)};
    const elapsedMs = Math.round(performance.now() - started);
    const decoded = Object.values(sides).every((s) => s.framesDecoded >= wantFrames);
    const failed = Object.values(sides).some((s) => s.iceState === 'failed');
    // Gathering done without a single relay candidate: the server refused or
    // was never reached (iceErrors says which); ICE would only time out.
    const noRelay = Object.entries(sides).some(([name, s]) => s.gathering === 'complete' && !candidates[name]);
    if (decoded || failed || noRelay || elapsedMs > deadlineMs) {
      const outcome = decoded ? 'decoded' : failed ? 'ice-failed' : noRelay ? 'no-relay-candidates' : 'timeout';
      caller.close();
      callee.close();
      return {outcome, wantFrames, elapsedMs, sides, candidates, iceErrors};
    }
    await sleep(200);
  }
}

call().then(
  (result) => { window.result = result; },
  (err) => { window.result = {outcome: 'error', error: String(err), iceErrors}; });
