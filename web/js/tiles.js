// The video tiles: one for this browser, one per remote participant, from
// the <template id="tile-template"> in index.html.

export class Tile {
  el;
  video;
  #who;
  #muted;
  #path;
  #numbers;
  #unmute;

  constructor(template, {name, local}) {
    this.el = template.content.firstElementChild.cloneNode(true);
    this.video = this.el.querySelector('video');
    this.#who = this.el.querySelector('.who');
    this.#muted = this.el.querySelector('.muted');
    this.#path = this.el.querySelector('.path');
    this.#numbers = this.el.querySelector('.numbers');
    this.#unmute = this.el.querySelector('.unmute');
    this.el.classList.toggle('local', local);
    // Your own voice back from the speaker would echo.
    this.video.muted = local;
    this.setName(local ? `${name} (you)` : name);
    this.#unmute.onclick = () => {
      this.video.muted = false;
      this.#unmute.hidden = true;
    };
  }

  setName(name) {
    this.#who.textContent = name;
    this.el.dataset.initial = (name.trim()[0] ?? '?').toUpperCase();
  }

  setStream(stream) {
    if (this.video.srcObject !== stream) this.video.srcObject = stream;
    this.#play();
  }

  // Browsers refuse sound before the user touched the page; then play
  // silently and offer a button.
  #play() {
    this.video.play().catch((e) => {
      if (e.name !== 'NotAllowedError' || this.video.muted) return;
      this.video.muted = true;
      this.#unmute.hidden = false;
      this.video.play().catch(() => {});
    });
  }

  // media: {audio, video}, what the participant sends.
  setMedia({audio, video}) {
    const off = [!audio && 'mic off', !video && 'camera off'].filter(Boolean);
    this.#muted.textContent = off.join(' · ');
    this.#muted.hidden = !off.length;
    this.el.classList.toggle('novideo', !video);
  }

  setPath({kind, text, detail}) {
    this.#path.dataset.kind = kind;
    this.#path.textContent = text;
    this.#path.title = detail ?? '';
    this.#path.hidden = !text;
  }

  setNumbers(text) {
    this.#numbers.textContent = text;
  }

  remove() {
    this.video.srcObject = null;
    this.el.remove();
  }
}

export class TileGrid {
  #container;
  #template;
  #empty;
  #tiles = new Map();

  constructor(container, template, empty) {
    this.#container = container;
    this.#template = template;
    this.#empty = empty;
  }

  add(key, options) {
    this.remove(key);
    const tile = new Tile(this.#template, options);
    this.#tiles.set(key, tile);
    this.#container.append(tile.el);
    this.#empty.hidden = true;
    return tile;
  }

  get(key) {
    return this.#tiles.get(key);
  }

  remove(key) {
    this.#tiles.get(key)?.remove();
    this.#tiles.delete(key);
    this.#empty.hidden = this.#tiles.size > 0;
  }

  clear() {
    for (const key of [...this.#tiles.keys()]) this.remove(key);
  }
}
