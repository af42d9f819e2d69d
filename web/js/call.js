// One participation in one room: the signaling messages of turnsignal's
// protocol turned into a full mesh of Peers.
//
// Server messages (field `type`): joined {id, room, peers[], iceServers},
// peer-joined {id, name}, peer-left {id}, signal {from, data},
// error {code, message}. Client messages: join {room, name},
// signal {to, data}, leave.
//
// Events: 'state' (this.state changed), 'peer-added' {peer},
// 'peer-removed' {id}, 'peer-changed' {peer}, 'notice' {key, text, level},
// 'event' {type: joined|peer-present|peer-joined|peer-left|peer-dropped|
// credentials-refreshed, id} (the room's history, for the test hook).
import {Peer} from './peer.js';
import {Signaling} from './signaling.js';

const kRefreshRetryMs = 30000;

export class Call extends EventTarget {
  state = 'idle';  // connecting | joined | reconnecting | left
  id = null;
  peers = new Map();
  media;
  #room;
  #relayOnly;
  #signaling;
  #iceServers = [];
  #iceServersUrl;
  #refreshTimer = 0;

  // url: turnsignal's WebSocket; iceServersUrl: its /api/ice-servers, for
  // fresh credentials; media: {stream, audio, video} from getLocalMedia().
  constructor({url, iceServersUrl, room, name, relayOnly, media}) {
    super();
    this.#room = room;
    this.#iceServersUrl = iceServersUrl;
    this.#relayOnly = relayOnly;
    this.media = media;
    this.#signaling = new Signaling(url);
    this.#signaling.addEventListener('open', () => this.#send({type: 'join', room, name}));
    this.#signaling.addEventListener('message', (e) => this.#onMessage(e.detail));
    this.#signaling.addEventListener('close', (e) => this.#onClose(e.detail));
    this.#signaling.addEventListener('bad-message', (e) =>
      this.#notice('protocol', `The signaling server sent something unreadable: ${e.detail.text}`, 'warn'));
  }

  get room() { return this.#room; }
  get relayOnly() { return this.#relayOnly; }
  get iceServers() { return this.#iceServers; }

  start() {
    this.#setState('connecting');
    this.#signaling.open();
  }

  leave() {
    if (this.state === 'left') return;
    clearTimeout(this.#refreshTimer);
    this.#send({type: 'leave'});
    this.#signaling.close();
    this.#dropPeers();
    this.#setState('left');
  }

  // Mute state: tracks stay on the connections (no renegotiation), disabled
  // tracks send silence and black; the peers are told so their tiles say it.
  setSending(kind, on) {
    for (const track of this.media.stream?.getTracks() ?? []) if (track.kind === kind) track.enabled = on;
    this.media[kind === 'audio' ? 'audioOn' : 'videoOn'] = on;
    for (const peer of this.peers.values()) peer.sendMedia(this.sending);
  }

  // {audio, video}: what this side sends now (has, and has not muted).
  get sending() {
    return {audio: this.media.audio && this.media.audioOn !== false,
            video: this.media.video && this.media.videoOn !== false};
  }

  #send(message) {
    return this.#signaling.send(message);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, {detail}));
  }

  #notice(key, text, level = 'error') {
    this.#emit('notice', {key, text, level});
  }

  #setState(state) {
    this.state = state;
    this.#emit('state');
  }

  #onMessage(m) {
    switch (m.type) {
      case 'joined': return this.#onJoined(m);
      case 'peer-joined': return this.#addPeer(m.id, m.name, false, 'peer-joined');
      case 'peer-left': return this.#removePeer(m.id, 'peer-left');
      case 'signal': return this.peers.get(m.from)?.handleSignal(m.data ?? {});
      case 'error': return this.#onError(m);
    }
  }

  // A join the server refused ends this call (a retry would be refused
  // again); other errors are worth showing but change nothing, except
  // unknown-peer: a candidate crossing a peer-left on the wire, nothing
  // the user could act on.
  #onError({code, message}) {
    if (code === 'unknown-peer') return;
    const refusedJoin = this.state !== 'joined' && (code === 'room-full' || code === 'too-many-rooms');
    this.#notice('server', refusedJoin ? `Cannot join: ${message} (${code}).` : `Signaling server: ${message} (${code})`);
    if (refusedJoin) this.leave();
  }

  #onJoined(m) {
    this.id = m.id;
    this.#iceServers = Array.isArray(m.iceServers) ? m.iceServers : m.iceServers?.iceServers ?? [];
    this.#scheduleRefresh();
    this.#notice('signaling', '');
    this.#setState('joined');
    this.#emit('event', {type: 'joined', id: m.id});
    // The newcomer offers to everyone already here (see peer.js).
    for (const p of m.peers ?? []) this.#addPeer(p.id, p.name, true, 'peer-present');
  }

  // event: 'peer-present' (listed in joined) or 'peer-joined' (came later).
  #rtcConfig() {
    return {iceServers: this.#iceServers, iceTransportPolicy: this.#relayOnly ? 'relay' : 'all'};
  }

  // TURN REST credentials expire (the username is "expiry:id", expiry in
  // Unix seconds); after that the TURN server refuses even the refreshes of
  // existing allocations, and a long call would lose its relay. So a while
  // before, fetch fresh ones and move every connection onto them.
  #scheduleRefresh(delayMs) {
    clearTimeout(this.#refreshTimer);
    const expiries = this.#iceServers.map((s) => parseInt(s.username, 10)).filter(Number.isFinite);
    if (delayMs === undefined) {
      if (!expiries.length) return;  // long-term credentials: nothing expires
      const left = Math.min(...expiries) * 1000 - Date.now();
      delayMs = Math.max(1000, left - Math.min(300000, left / 4));
    }
    this.#refreshTimer = setTimeout(() => this.#refreshCredentials(), delayMs);
  }

  async #refreshCredentials() {
    try {
      const response = await fetch(this.#iceServersUrl, {cache: 'no-store'});
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const {iceServers} = await response.json();
      if (this.state === 'left' || !Array.isArray(iceServers)) return;
      this.#iceServers = iceServers;
      for (const peer of this.peers.values()) peer.useIceServers(this.#rtcConfig());
      this.#notice('credentials', '');
      this.#emit('event', {type: 'credentials-refreshed', id: this.id});
      this.#scheduleRefresh();
    } catch (e) {
      this.#notice('credentials', `Could not renew the TURN credentials (${e.message}); ` +
                   'relayed calls may drop when the old ones expire. Retrying.', 'warn');
      this.#scheduleRefresh(kRefreshRetryMs);
    }
  }

  #addPeer(id, name, offerer, event) {
    if (this.peers.has(id) || id === this.id) return;
    const rtcConfig = this.#rtcConfig();
    const peer = new Peer({id, name: name || id, offerer, rtcConfig, localStream: this.media.stream,
                           send: (data) => this.#send({type: 'signal', to: id, data})});
    peer.addEventListener('state', () => this.#onPeerState(peer));
    peer.addEventListener('track', () => this.#emit('peer-changed', {peer}));
    peer.addEventListener('problem', (e) =>
      this.#notice(`peer:${id}`, `Call with ${peer.name}: ${e.detail.error?.message ?? e.detail.error}`));
    this.peers.set(id, peer);
    this.#emit('peer-added', {peer});
    this.#emit('event', {type: event, id});
    peer.sendMedia(this.sending);
  }

  // event: 'peer-left' (the server said so) or 'peer-dropped' (this side
  // left or lost the server).
  #removePeer(id, event) {
    const peer = this.peers.get(id);
    if (!peer) return;
    peer.close();
    this.peers.delete(id);
    this.#notice(`ice:${id}`, '');
    this.#emit('peer-removed', {id});
    this.#emit('event', {type: event, id});
  }

  #dropPeers() {
    for (const id of [...this.peers.keys()]) this.#removePeer(id, 'peer-dropped');
  }

  #onPeerState(peer) {
    this.#emit('peer-changed', {peer});
    const key = `ice:${peer.id}`;
    if (peer.failed) this.#notice(key, `No connection to ${peer.name}: ${iceTrouble(peer, this.#relayOnly)}`);
    else if (peer.slow) this.#notice(key, `Still connecting to ${peer.name}: ${iceTrouble(peer, this.#relayOnly)}`, 'warn');
    else this.#notice(key, '');
  }

  // The server forgets a closed connection's participant (peer-left to the
  // others), so after a reconnect this side joins afresh with new peers.
  #onClose({code, reason, opened, retryInMs}) {
    clearTimeout(this.#refreshTimer);  // the rejoin brings fresh credentials
    this.#dropPeers();
    this.#setState('reconnecting');
    const why = reason ? `${reason}, code ${code}` : `code ${code}`;
    const retry = `Retrying in ${Math.round(retryInMs / 1000)} s.`;
    this.#notice('signaling', opened
      ? `Lost the connection to the signaling server (${why}). ${retry}`
      : `Cannot reach the signaling server at ${this.#signaling.url} (${why}). ${retry}`);
  }
}

// What may be wrong with the connection to `peer`, from its ICE errors.
function iceTrouble(peer, relayOnly) {
  const errors = peer.iceErrors.map((e) => `${e.url}: ${e.errorCode} ${e.errorText.replace(/\.+$/, '')}`);
  const unique = [...new Set(errors)].slice(0, 3);
  const servers = relayOnly ? 'the TURN server (relay only is on)' : 'the TURN server or the other side';
  return unique.length ? `${servers} could not be reached — ${unique.join('; ')}.`
                       : `is ${servers} reachable?`;
}
