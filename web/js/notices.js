// Messages above the tiles, one per key: a new text for a key replaces the
// old one (a reconnect countdown does not pile up), an empty text removes it.

export class Notices {
  #list;
  #items = new Map();

  constructor(list) {
    this.#list = list;
  }

  show(key, text, level = 'error') {
    if (!text) {
      this.#items.get(key)?.remove();
      this.#items.delete(key);
      return;
    }
    let li = this.#items.get(key);
    if (!li) {
      li = document.createElement('li');
      li.append(document.createElement('span'));
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = '×';
      close.setAttribute('aria-label', 'Dismiss');
      close.onclick = () => this.show(key, '');
      li.append(close);
      this.#items.set(key, li);
      this.#list.append(li);
    }
    li.className = level;
    li.dataset.key = key;
    li.firstChild.textContent = text;
  }

  // {key: {text, level}} for the test hook.
  snapshot() {
    return Object.fromEntries([...this.#items].map(([k, li]) => [k, {text: li.firstChild.textContent, level: li.className}]));
  }

  clear() {
    for (const key of [...this.#items.keys()]) this.show(key, '');
  }
}
