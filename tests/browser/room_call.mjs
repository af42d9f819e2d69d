// The web client (web/) in headless Chromium pages, used as a person would
// (the room and relay-only in the URL, a click on Join, a click on Leave)
// and checked through its test hook window.__call (web/js/testhook.js), so
// the checks read facts, not the page's words.

import {join} from 'node:path';

const kPollMs = 500;

// A participant: {name, camera, page, context, log}. A context of its own
// per page: separate storage and media devices, as separate browsers have.
// camera: false makes getUserMedia fail as a denied prompt does
// (NotAllowedError): --use-fake-ui-for-media-stream accepts every prompt,
// even for a camera permission set to 'denied' over CDP (seen in Chromium 156).
export async function joinRoom(browser, {origin, room, name, camera = true, viewport = {width: 1280, height: 800}}) {
  const context = await browser.newContext({viewport});
  if (!camera) {
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
  }
  const page = await context.newPage();
  const log = [];
  page.on('console', (m) => m.type() !== 'debug' && log.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  const query = new URLSearchParams({room, relay: '1', name});
  await page.goto(`${origin}/?${query}`, {timeout: 10000});
  await page.click('#join');
  return {name, camera, page, context, log};
}

export const callState = (member) => member.page.evaluate(() => window.__call);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The frames to see decoded from members[j]: none from one without a camera.
const framesFrom = (members, j, frames) => members[j].camera ? frames : 0;

// Every participant joined, with a connected peer for each other one that
// decoded at least the frames expected of it.
function meshComplete(members, states, frames) {
  const ids = states.map((s) => s?.id);
  return states.every((s) => s?.state === 'joined' && ids.every((id, j) => id === s.id ||
    (['connected', 'completed'].includes(s.peers[id]?.iceState) &&
     s.peers[id].framesDecoded >= framesFrom(members, j, frames) && s.peers[id].path?.local)));
}

// Polls the members' window.__call until done(states) holds; resolves to
// {ok, states}, ok false after timeoutMs.
export async function waitForStates(members, done, {timeoutMs, pollMs = kPollMs}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(members.map(callState));
    if (done(states)) return {ok: true, states};
    if (Date.now() >= deadline) return {ok: false, states};
    await sleep(pollMs);
  }
}

// Resolves to the participants' window.__call once the mesh is complete;
// rejects after timeoutMs with what each page saw.
export async function waitForMesh(members, {frames, timeoutMs}) {
  const {ok, states} = await waitForStates(members, (s) => meshComplete(members, s, frames), {timeoutMs});
  if (ok) return states;
  throw new Error(`no full call with ${frames} frames from each peer within ${timeoutMs} ms:\n` +
                  describeMesh(members, states));
}

const inRange = (port, [min, max]) => port >= min && port <= max;

// The ways the complete mesh falls short of a call relayed by our server at
// serverHost, relay ports relayPorts: every selected pair is relay to relay,
// both candidates on our server, and everyone knows everyone by name.
export function meshProblems(members, states, {serverHost, relayPorts, frames}) {
  const problems = [];
  states.forEach((s, i) => {
    const me = members[i].name;
    if (s.relayOnly !== true) problems.push(`${me}: not relay-only`);
    states.forEach((other, j) => {
      if (i === j) return;
      const peer = s.peers[other.id];
      const about = `${me} → ${members[j].name}`;
      if (!peer) return problems.push(`${about}: not in the call`);
      if (peer.name !== members[j].name) problems.push(`${about}: named '${peer.name}'`);
      if (peer.framesDecoded < framesFrom(members, j, frames)) problems.push(`${about}: ${peer.framesDecoded} frames decoded`);
      const {local, remote} = peer.path ?? {};
      if (local?.type !== 'relay') problems.push(`${about}: local candidate '${local?.type}', not relay`);
      else if (!local.url?.includes(`:${serverHost}:`)) problems.push(`${about}: relayed by ${local.url}, not ${serverHost}`);
      // The remote candidate is the other side's allocation: the browser
      // sends to our server, never to the other browser's own address.
      if (remote?.type !== 'relay' || remote.address !== serverHost)
        problems.push(`${about}: remote candidate ${remote?.type} ${remote?.address}, not relay at ${serverHost}`);
      for (const c of [local, remote]) {
        if (c && !inRange(c.port, relayPorts)) problems.push(`${about}: port ${c.port} outside ${relayPorts.join('-')}`);
      }
    });
  });
  return problems;
}

export function describeMesh(members, states) {
  const lines = [];
  states.forEach((s, i) => {
    lines.push(`${members[i].name} (${s?.id ?? '?'}): ${s?.state ?? 'no state'}, ${s?.media?.video ? 'camera' : 'no camera'}` +
               (Object.keys(s?.notices ?? {}).length ? `, notices ${JSON.stringify(s.notices)}` : ''));
    for (const p of Object.values(s?.peers ?? {})) {
      const l = p.path?.local;
      const r = p.path?.remote;
      const path = l && r ? `${l.type} ${l.address}:${l.port} over ${l.relayProtocol ?? l.protocol} (${l.url}) ↔ ` +
                            `${r.type} ${r.address}:${r.port}` : 'no selected pair';
      lines.push(`  ↔ ${p.name}: ICE ${p.iceState}, ${path}, ${p.framesDecoded} frames decoded, ` +
                 `rtt ${p.rttMs} ms, in ${p.inKbps} kbit/s` + (p.iceErrors.length ? `, ICE errors ${JSON.stringify(p.iceErrors)}` : ''));
    }
  });
  return lines.join('\n');
}

const refreshed = (s) => s.events.some((e) => e.type === 'credentials-refreshed');
const usernames = (s) => s.iceServers.map((i) => i.username).join(' ');

// The pages renew their TURN credentials before they expire (web/js/call.js):
// once every page did, each of its calls runs over a new relay allocation
// (an ICE restart), still relayed by our server, and decodes `frames` more
// frames. before: the states of the complete call, from before the renewal;
// relay: {serverHost, relayPorts} as for meshProblems.
export async function credentialRenewalProblems(members, before, {frames, timeoutMs, ...relay}) {
  if (before.some(refreshed)) return ['credentials renewed before the call was up: too slow a machine for the TTL'];
  const ids = before.map((s) => s.id);
  const movedOn = (s, i) => refreshed(s) && usernames(s) !== usernames(before[i]) &&
    Object.entries(before[i].peers).every(([id, old]) => {
      const now = s.peers[id];
      return ['connected', 'completed'].includes(now?.iceState) && now.path?.local?.port !== old.path.local.port &&
             now.framesDecoded >= old.framesDecoded + framesFrom(members, ids.indexOf(id), frames);
    });
  const {ok, states} = await waitForStates(members, (all) => all.every(movedOn), {timeoutMs});
  if (!ok) {
    return states.flatMap((s, i) => movedOn(s, i) ? [] :
      [`${members[i].name} did not move its calls onto renewed credentials within ${timeoutMs} ms:\n` +
       describeMesh([members[i]], [s])]);
  }
  console.log(`credentials renewed: ${usernames(before[0])} -> ${usernames(states[0])} on ${members[0].name}; ` +
              'every call moved to a new relay allocation');
  return meshProblems(members, states, {...relay, frames});
}

// `leaver` leaves, by the Leave button or by closing its page (then the
// server finds the WebSocket closed); resolves to [] once every one of
// `stayers` saw it as peer-left and dropped its tile, else to problems.
export async function leave(leaver, stayers, {how, timeoutMs}) {
  const {id} = await callState(leaver);
  if (how === 'button') await leaver.page.click('#leave');
  else await leaver.context.close();
  const gone = (s) => s.events.some((e) => e.type === 'peer-left' && e.id === id) && !s.peers[id];
  const {ok, states} = await waitForStates(stayers, (all) => all.every(gone), {timeoutMs, pollMs: kPollMs / 5});
  if (!ok) {
    return states.flatMap((s, i) => gone(s) ? [] :
      [`${stayers[i].name} did not see ${leaver.name} leave (${how}) within ${timeoutMs} ms: events ${JSON.stringify(s.events)}`]);
  }
  const tiles = await Promise.all(stayers.map((m) => m.page.locator('.tile').count()));
  return tiles.flatMap((n, i) => n === stayers.length ? [] : [`${stayers[i].name} shows ${n} tiles after ${leaver.name} left`]);
}

// A PNG of the page, at `viewport` if given; prints where it went.
export async function screenshot(member, dir, file, viewport) {
  if (viewport) {
    await member.page.setViewportSize(viewport);
    await member.page.waitForTimeout(1000);  // the layout settles and the videos paint again
  }
  const path = join(dir, file);
  await member.page.screenshot({path});
  console.log(`screenshot: ${path}`);
}

export function printPageLogs(members) {
  for (const m of members) for (const line of m.log) console.log(`page ${m.name}: ${line}`);
}
