// One RTCPeerConnection to one remote participant (the call is a full mesh).
//
// Only one side ever offers, so offers never cross (no glare): the newcomer
// offers to everyone already in the room (Call decides). The offerer lays
// out one audio and one video transceiver, sending what it has and asking to
// receive both; the answerer puts its own tracks on them, so either side may
// lack a camera or a microphone.
//
// Signal payloads (the `data` of the server's signal message):
//   {description: {type, sdp}}   offer or answer
//   {candidate: RTCIceCandidateInit}
//   {media: {audio, video}}      what the sender currently sends (mute state)
//   {restart: true}              the answerer asks the offerer for an ICE restart
import {sampleStats} from './stats.js';

const kMaxIceErrors = 20;
// Browsers give up on an unreachable TURN server only after ~40 s of STUN
// retransmissions; the user hears sooner that something is slow.
const kSlowMs = 10000;
// Restart wishes within this time become one ICE restart (see #wantRestart).
const kRestartSettleMs = 1000;

export class Peer extends EventTarget {
  id;
  name;
  offerer;
  pc;
  remoteStream = new MediaStream();
  remoteMedia = {audio: true, video: true};
  iceErrors = [];
  stats = null;          // the latest sampleStats()
  failed = false;        // ICE failed, also after the one restart
  slow = false;          // not connected kSlowMs after it began
  #send;
  #localStream;
  #pendingCandidates = [];
  #queue = Promise.resolve();  // signal handling in arrival order
  #restarted = false;
  #localCandidates = 0;
  #slowTimer;
  #restartTimer = 0;

  // send(data): hands a payload to the signaling server for this peer.
  constructor({id, name, offerer, rtcConfig, localStream, send}) {
    super();
    Object.assign(this, {id, name, offerer});
    this.#send = send;
    this.#localStream = localStream;
    const pc = this.pc = new RTCPeerConnection(rtcConfig);
    pc.ontrack = (e) => {
      this.remoteStream.addTrack(e.track);
      this.#emit('track');
    };
    pc.onicecandidate = (e) => {
      if (!e.candidate) return;
      ++this.#localCandidates;
      send({candidate: e.candidate.toJSON()});
    };
    // Relay only and no TURN server answered: nothing to try, say so now
    // rather than after ICE's timeout. (Each ICE restart gathers afresh.)
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'gathering') this.#localCandidates = 0;
      if (pc.iceGatheringState === 'complete' && !this.#localCandidates) {
        this.failed = true;
        this.#emit('state');
      }
    };
    // The only place a TURN failure shows: 701 unreachable, 401 refused, ...
    pc.onicecandidateerror = (e) => {
      if (this.iceErrors.length < kMaxIceErrors)
        this.iceErrors.push({url: e.url, errorCode: e.errorCode, errorText: e.errorText});
    };
    pc.oniceconnectionstatechange = () => this.#onIceState();
    pc.onconnectionstatechange = () => this.#emit('state');
    this.#slowTimer = setTimeout(() => {
      this.slow = !this.#connected();
      this.#emit('state');
    }, kSlowMs);
    if (offerer) this.#startOffering();
  }

  handleSignal(data) {
    this.#queue = this.#queue.then(() => this.#handle(data)).catch((e) => this.#emit('problem', {error: e}));
  }

  sendMedia(media) {
    this.#send({media});
  }

  // New ICE servers (fresh TURN credentials) take effect with an ICE
  // restart, which gathers new candidates: the offerer restarts, the
  // answerer asks it to (only the offerer offers).
  useIceServers(rtcConfig) {
    this.pc.setConfiguration(rtcConfig);
    if (this.offerer) this.#wantRestart();
    else this.#send({restart: true});
  }

  async sample() {
    if (this.pc.connectionState === 'closed') return this.stats;
    this.stats = sampleStats(await this.pc.getStats(), this.stats);
    return this.stats;
  }

  close() {
    clearTimeout(this.#slowTimer);
    clearTimeout(this.#restartTimer);
    this.pc.close();
    for (const track of this.remoteStream.getTracks()) track.stop();
  }

  #connected() {
    return ['connected', 'completed'].includes(this.pc.iceConnectionState);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, {detail}));
  }

  #localTrack(kind) {
    return this.#localStream?.getTracks().find((t) => t.kind === kind) ?? null;
  }

  #startOffering() {
    this.pc.onnegotiationneeded = () =>
      this.#makeOffer().catch((e) => this.#emit('problem', {error: e}));
    for (const kind of ['audio', 'video']) {
      const track = this.#localTrack(kind);
      this.pc.addTransceiver(track ?? kind, {direction: track ? 'sendrecv' : 'recvonly',
                                             streams: this.#localStream ? [this.#localStream] : []});
    }
  }

  async #makeOffer() {
    await this.pc.setLocalDescription();
    this.#send({description: this.pc.localDescription.toJSON()});
  }

  async #handle(data) {
    if (data.description) {
      await this.#applyDescription(data.description);
    } else if (data.candidate) {
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(data.candidate);
      else this.#pendingCandidates.push(data.candidate);
    } else if (data.restart) {
      if (this.offerer) this.#wantRestart();
    } else if (data.media) {
      this.remoteMedia = {audio: !!data.media.audio, video: !!data.media.video};
      this.#emit('state');
    }
  }

  async #applyDescription(description) {
    // By the offerer rule an answerer never gets an answer, an offerer never an offer.
    if ((description.type === 'offer') === this.offerer) return;
    await this.pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      this.#attachLocalTracks();
      await this.pc.setLocalDescription();
      this.#send({description: this.pc.localDescription.toJSON()});
    }
    for (const c of this.#pendingCandidates.splice(0)) await this.pc.addIceCandidate(c);
  }

  // The answerer's tracks go on the offerer's transceivers; createAnswer
  // then narrows each direction to what both sides do.
  #attachLocalTracks() {
    for (const t of this.pc.getTransceivers()) {
      const kind = t.receiver.track.kind;
      const track = this.#localTrack(kind);
      if (track && !t.sender.track) {
        t.sender.replaceTrack(track);
        t.sender.setStreams(this.#localStream);
      }
      t.direction = track ? 'sendrecv' : 'recvonly';
    }
  }

  // Both sides renew their credentials about when the other does (they
  // joined about together), so the offerer's own wish and the answerer's
  // request come close. Two restarts overlapping left Chromium reporting a
  // selected pair that carried nothing while media went another way (seen
  // in the room test); so wishes within kRestartSettleMs make one restart,
  // and a restart waits for the previous one's offer and gathering to end.
  #wantRestart() {
    if (this.#restartTimer) return;
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = 0;
      const busy = this.pc.signalingState !== 'stable' || this.pc.iceGatheringState === 'gathering';
      if (busy) this.#wantRestart();
      else if (this.pc.connectionState !== 'closed') this.pc.restartIce();
    }, kRestartSettleMs);
  }

  // A failed ICE gets one restart (by the offerer, who alone offers); if that
  // fails too, the call to this peer is given up and the user is told why.
  #onIceState() {
    const state = this.pc.iceConnectionState;
    if (state === 'failed' && !this.#restarted && this.offerer) {
      this.#restarted = true;
      this.pc.restartIce();
    } else if (state === 'failed') {
      this.failed = true;
    } else if (this.#connected()) {
      this.failed = false;
      this.slow = false;
    }
    this.#emit('state');
  }
}
