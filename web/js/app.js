// The page: the join form, the controls and the tiles, around a Call.
// ?room=NAME fills the room, ?relay=1 ticks "relay only", ?name=NAME the name.
import {Call} from './call.js';
import {getLocalMedia, stopMedia} from './media.js';
import {Notices} from './notices.js';
import {signalingUrl} from './signaling.js';
import {describePath, formatRate} from './stats.js';
import {TestHook} from './testhook.js';
import {TileGrid} from './tiles.js';

const kStatsIntervalMs = 1000;

const $ = (id) => document.getElementById(id);
const form = $('join-form');
const roomInput = $('room');
const nameInput = $('name');
const relayBox = $('relay-only');
const joinButton = $('join');
const leaveButton = $('leave');
const muteAudio = $('mute-audio');
const muteVideo = $('mute-video');
const status = $('status');

const notices = new Notices($('notices'));
const tiles = new TileGrid($('tiles'), $('tile-template'), $('empty'));
const hook = new TestHook();
let call = null;
let statsTimer = 0;

function init() {
  const params = new URLSearchParams(location.search);
  roomInput.value = params.get('room') ?? '';
  nameInput.value = params.get('name') ?? `Guest ${Math.floor(100 + Math.random() * 900)}`;
  relayBox.checked = params.get('relay') === '1';
  form.onsubmit = (e) => {
    e.preventDefault();
    join();
  };
  leaveButton.onclick = leave;
  muteAudio.onclick = () => toggleSending('audio', muteAudio);
  muteVideo.onclick = () => toggleSending('video', muteVideo);
  hook.publish(null, notices);
}

// The address bar keeps the room, so the URL can be sent to the others.
function rememberInUrl(room, relayOnly) {
  const url = new URL(location.href);
  url.searchParams.set('room', room);
  if (relayOnly) url.searchParams.set('relay', '1');
  else url.searchParams.delete('relay');
  history.replaceState(null, '', url);
}

function setInCall(inCall) {
  document.body.classList.toggle('in-call', inCall);
  for (const el of [roomInput, nameInput, relayBox, joinButton]) el.disabled = inCall;
  for (const el of [leaveButton, muteAudio, muteVideo]) el.disabled = !inCall;
}

async function join() {
  if (call || !form.reportValidity()) return;
  const room = roomInput.value.trim();
  const name = nameInput.value.trim() || 'Guest';
  setInCall(true);
  rememberInUrl(room, relayBox.checked);
  notices.clear();
  hook.reset();
  const media = await getLocalMedia();
  notices.show('media', media.notice, 'warn');
  muteAudio.disabled = !media.audio;
  muteVideo.disabled = !media.video;
  const local = tiles.add('local', {name, local: true});
  local.setMedia(media);
  local.setPath({kind: 'pending', text: ''});
  if (media.stream) local.setStream(media.stream);

  call = new Call({url: signalingUrl(), iceServersUrl: new URL('/api/ice-servers', location.href).href,
                   room, name, relayOnly: relayBox.checked, media});
  watch(call);
  call.start();
  statsTimer = setInterval(sampleAll, kStatsIntervalMs);
}

function leave() {
  call?.leave();  // its 'left' state ends the call here (endCall)
}

// The page after a call, whether this side left or the server refused the join.
function endCall() {
  if (!call) return;
  clearInterval(statsTimer);
  stopMedia(call.media.stream);
  tiles.clear();
  for (const b of [muteAudio, muteVideo]) b.setAttribute('aria-pressed', 'false');
  setInCall(false);
  call = null;
  hook.publish(call, notices);
}

function watch(c) {
  const publish = () => hook.publish(c, notices);
  c.addEventListener('state', () => {
    showStatus(c);
    if (c.state === 'left' && c === call) endCall();
    publish();
  });
  c.addEventListener('notice', (e) => {
    notices.show(e.detail.key, e.detail.text, e.detail.level);
    publish();
  });
  c.addEventListener('event', (e) => {
    hook.record(e.detail.type, e.detail.id);
    showStatus(c);
    publish();
  });
  c.addEventListener('peer-added', (e) => {
    const tile = tiles.add(e.detail.peer.id, {name: e.detail.peer.name, local: false});
    tile.setStream(e.detail.peer.remoteStream);
  });
  c.addEventListener('peer-changed', (e) => {
    showPeer(e.detail.peer);
    publish();
  });
  c.addEventListener('peer-removed', (e) => tiles.remove(e.detail.id));
}

function showStatus(c) {
  const others = c.peers.size === 1 ? '1 other' : `${c.peers.size} others`;
  const words = {
    connecting: 'Connecting to the signaling server…',
    joined: `In room “${c.room}” with ${others}${c.relayOnly ? ' · relay only' : ''}`,
    reconnecting: 'Signaling connection lost, reconnecting…',
    left: `Left room “${c.room}”`,
  };
  status.dataset.state = c.state;
  status.textContent = words[c.state] ?? c.state;
}

function showPeer(peer) {
  const tile = tiles.get(peer.id);
  if (!tile) return;
  tile.setStream(peer.remoteStream);
  tile.setMedia(peer.remoteMedia);
  if (peer.failed) {
    tile.setPath({kind: 'failed', text: 'No connection', detail: peer.iceErrors.map((e) => e.url).join(' ')});
    tile.setNumbers('');
    return;
  }
  const s = peer.stats;
  tile.setPath(describePath(s?.path));
  const numbers = [s?.inKbps !== null && s?.inKbps !== undefined && `↓ ${formatRate(s.inKbps)}`,
                   s?.outKbps !== null && s?.outKbps !== undefined && `↑ ${formatRate(s.outKbps)}`,
                   s?.rttMs !== null && s?.rttMs !== undefined && `${s.rttMs} ms`];
  tile.setNumbers(numbers.filter(Boolean).join(' · '));
}

async function sampleAll() {
  const c = call;
  if (!c) return;
  await Promise.all([...c.peers.values()].map((p) => p.sample().catch(() => null)));
  if (c !== call) return;  // left while sampling
  for (const peer of c.peers.values()) showPeer(peer);
  hook.publish(c, notices);
}

function toggleSending(kind, button) {
  if (!call) return;
  const mute = button.getAttribute('aria-pressed') !== 'true';
  button.setAttribute('aria-pressed', String(mute));
  button.textContent = kind === 'audio' ? (mute ? 'Unmute mic' : 'Mute mic') : (mute ? 'Start video' : 'Stop video');
  call.setSending(kind, !mute);
  tiles.get('local')?.setMedia(call.sending);
}

init();
