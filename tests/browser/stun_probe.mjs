// One STUN Binding request (RFC 8489) over UDP, TCP or TLS, to tell when a
// server answers: the browser test starts the call only once it does.
import {randomBytes} from 'node:crypto';
import {createSocket} from 'node:dgram';
import {connect as tcpConnect} from 'node:net';
import {connect as tlsConnect} from 'node:tls';

const kMagicCookie = 0x2112a442;
const kHeaderSize = 20;

function bindingRequest() {
  const tid = randomBytes(12);
  const msg = Buffer.alloc(kHeaderSize);
  msg.writeUInt16BE(0x0001, 0);  // Binding request, no attributes
  msg.writeUInt32BE(kMagicCookie, 4);
  tid.copy(msg, 8);
  return {msg, tid};
}

// A Binding success response to `tid` (0x0101), or an error response (0x0111):
// either way the server parsed the request.
function answers(buf, tid) {
  if (buf.length < kHeaderSize || buf.readUInt32BE(4) !== kMagicCookie) return false;
  const type = buf.readUInt16BE(0);
  return (type === 0x0101 || type === 0x0111) && buf.subarray(8, 20).equals(tid);
}

// Resolves to '' when the server answered within timeoutMs, else to why not.
// tls: {ca} checks the server's certificate against that CA (a PEM string).
export function stunProbe(transport, host, port, {timeoutMs = 300, ca} = {}) {
  const {msg, tid} = bindingRequest();
  return new Promise((resolve) => {
    let socket;
    const done = (failure) => {
      clearTimeout(timer);
      transport === 'udp' ? socket.close() : socket.destroy();
      resolve(failure);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
    if (transport === 'udp') {
      socket = createSocket('udp4');
      socket.on('message', (buf) => answers(buf, tid) && done(''));
      socket.on('error', (e) => done(e.message));
      socket.send(msg, port, host);
      return;
    }
    // Over streams STUN messages are framed by their own length (RFC 8489 §6.2.2).
    let got = Buffer.alloc(0);
    const onConnect = () => socket.write(msg);
    socket = transport === 'tls'
      ? tlsConnect({host, port, ca, rejectUnauthorized: true}, onConnect)
      : tcpConnect({host, port}, onConnect);
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= kHeaderSize && got.length >= kHeaderSize + got.readUInt16BE(2))
        done(answers(got, tid) ? '' : 'not a Binding response');
    });
    socket.on('error', (e) => done(e.message));
  });
}
