// What the web client tells people when something is missing, with the real
// servers (room_test.mjs --failures):
//   1. a page whose camera and microphone are denied joins receive-only with
//      a notice, still sees the other page's video, and the other page knows
//      it sends nothing;
//   2. with turnserver gone, a page that joins says it is still connecting
//      and asks whether the TURN server is reachable;
//   3. a page that finds the room full (the test's room size is 3) says so
//      and is out of the call, not retrying;
//   4. with turnsignal gone, every page in the room says the signaling
//      server is lost and that it is reconnecting.
import {joinRoom, screenshot, waitForMesh, waitForStates} from './room_call.mjs';

// The web client warns of a connection not up after 10 s (web/js/peer.js).
const kSlowNoticeMs = 10000;
const kNoticeTimeoutMs = kSlowNoticeMs + 5000;
const kCloseNoticeTimeoutMs = 5000;

function deniedCameraProblems([withCamera, denied]) {
  const problems = [];
  if (denied.media?.audio || denied.media?.video) problems.push(`denied page has media ${JSON.stringify(denied.media)}`);
  const notice = denied.notices.media;
  if (notice?.level !== 'warn' || !/permission was denied.*receive-only/.test(notice.text))
    problems.push(`denied page shows no receive-only notice: ${JSON.stringify(denied.notices)}`);
  const seen = withCamera.peers[denied.id]?.remoteMedia;
  if (seen?.audio !== false || seen?.video !== false)
    problems.push(`the other page thinks the denied page sends ${JSON.stringify(seen)}`);
  if (!problems.length) console.log(`denied camera: "${notice.text}"; its peer knows it sends nothing`);
  return problems;
}

// A notice whose key starts with `prefix`, of `level`, matching `re`.
const noticeLike = (state, prefix, level, re) =>
  Object.entries(state.notices).find(([key, n]) => key.startsWith(prefix) && n.level === level && re.test(n.text));

async function noTurnProblems(late, {artifacts}) {
  const {ok, states} = await waitForStates([late], ([s]) => noticeLike(s, 'ice:', 'warn', /TURN server/),
                                           {timeoutMs: kNoticeTimeoutMs});
  await screenshot(late, artifacts, 'room-failures-1280x800.png');
  if (!ok) return [`no TURN warning on the late page within ${kNoticeTimeoutMs} ms: ${JSON.stringify(states[0].notices)}`];
  console.log(`TURN server gone: "${noticeLike(states[0], 'ice:', 'warn', /TURN server/)[1].text}"`);
  return [];
}

async function roomFullProblems(extra) {
  const refused = (s) => s.state === 'left' && noticeLike(s, 'server', 'error', /full.*room-full/);
  const {ok, states} = await waitForStates([extra], ([s]) => refused(s), {timeoutMs: kCloseNoticeTimeoutMs});
  if (!ok) return [`the page that found the room full: state ${states[0].state}, notices ${JSON.stringify(states[0].notices)}`];
  console.log(`room full: "${states[0].notices.server.text}"`);
  return [];
}

async function noSignalingProblems(members) {
  const lost = (s) => s.state === 'reconnecting' && noticeLike(s, 'signaling', 'error', /signaling server/);
  const {ok, states} = await waitForStates(members, (all) => all.every(lost), {timeoutMs: kCloseNoticeTimeoutMs});
  if (!ok) {
    return states.flatMap((s, i) => lost(s) ? [] :
      [`${members[i].name}: state ${s.state}, notices ${JSON.stringify(s.notices)} after turnsignal stopped`]);
  }
  console.log(`turnsignal gone: "${states[0].notices.signaling.text}"`);
  return [];
}

// Resolves to problems. {origin, turn, signal}: the running servers
// (withRoomServers); members: where the pages it opens go.
export async function failuresScenario({browser, members, origin, turn, signal, room, frames, callTimeoutMs, artifacts}) {
  members.push(await joinRoom(browser, {origin, room, name: 'Cam'}),
               await joinRoom(browser, {origin, room, name: 'NoCam', camera: false}));
  const states = await waitForMesh(members, {frames, timeoutMs: callTimeoutMs});
  const problems = deniedCameraProblems(states);

  await turn.stop();
  members.push(await joinRoom(browser, {origin, room, name: 'Late'}));
  problems.push(...await noTurnProblems(members[2], {artifacts}));

  problems.push(...await roomFullProblems(await joinRoom(browser, {origin, room, name: 'Extra'})));

  await signal.stop();
  problems.push(...await noSignalingProblems(members));
  return problems;
}
