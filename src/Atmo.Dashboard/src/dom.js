// A tiny element builder: h('p', {class: 'x'}, 'text', child). Text is always set as text, never as
// HTML, so names and messages from the gateway cannot inject markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'style') Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A <time> showing UTC and local time, with the ISO instant as its machine-readable value. */
export function timeElement(seconds, text) {
  return h('time', { datetime: new Date(seconds * 1000).toISOString() }, text);
}
