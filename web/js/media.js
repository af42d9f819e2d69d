// The local camera and microphone, with the fallbacks a call should survive:
// no camera (or camera refused) gives audio only, nothing at all gives a
// receive-only participant. Each fallback comes with a sentence for the user.

// A picture a phone and a laptop both send well; the browser picks the nearest.
const kVideo = {width: {ideal: 640}, height: {ideal: 480}, frameRate: {ideal: 24}};

// Why getUserMedia failed, in words (DOMException names from Media Capture §9.2).
function reason(err) {
  switch (err?.name) {
    case 'NotAllowedError': return 'permission was denied';
    case 'NotFoundError': return 'no device was found';
    case 'NotReadableError': return 'the device is in use by another program';
    case 'OverconstrainedError': return 'the device cannot do what was asked';
    case 'SecurityError': return 'the page is not a secure context (open it over https)';
    default: return err?.message || String(err);
  }
}

async function tryGet(constraints) {
  try {
    return {stream: await navigator.mediaDevices.getUserMedia(constraints)};
  } catch (error) {
    return {error};
  }
}

// Resolves to {stream, audio, video, notice}: stream is null for receive-only;
// notice is '' when both camera and microphone work.
export async function getLocalMedia() {
  if (!navigator.mediaDevices?.getUserMedia) {
    return {stream: null, audio: false, video: false,
            notice: 'This page cannot use a camera or microphone here (it needs https or localhost): ' +
                    'you join receive-only.'};
  }
  const both = await tryGet({audio: true, video: kVideo});
  if (both.stream) return {stream: both.stream, audio: true, video: true, notice: ''};

  const audioOnly = await tryGet({audio: true});
  if (audioOnly.stream) {
    return {stream: audioOnly.stream, audio: true, video: false,
            notice: `Camera unavailable (${reason(both.error)}): you join with audio only.`};
  }
  const videoOnly = await tryGet({video: kVideo});
  if (videoOnly.stream) {
    return {stream: videoOnly.stream, audio: false, video: true,
            notice: `Microphone unavailable (${reason(audioOnly.error)}): you join with video only.`};
  }
  return {stream: null, audio: false, video: false,
          notice: `Camera and microphone unavailable (${reason(both.error)}): ` +
                  'you join receive-only; others cannot see or hear you.'};
}

export function stopMedia(stream) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
