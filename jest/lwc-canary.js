'use strict';
/**
 * Test helper: asserts a canary PHI value never reached the console, web storage, any DOM
 * attribute (title and aria-* included) of the element tree, or cookies.
 */
const CANARY = 'CANARY-PHI-7f3a';

function spyConsole() {
  const calls = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'];
  const spies = methods.map((m) =>
    jest.spyOn(console, m).mockImplementation((...args) => {
      calls.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    })
  );
  return {
    calls,
    restore: () => spies.forEach((s) => s.mockRestore())
  };
}

function attributesOf(root) {
  const out = [];
  const walk = (node) => {
    if (node.attributes) {
      for (const a of node.attributes) out.push(`${a.name}=${a.value}`);
    }
    const children = [...(node.shadowRoot ? node.shadowRoot.childNodes : []), ...node.childNodes];
    children.forEach(walk);
  };
  walk(root);
  return out;
}

function storageText() {
  const dump = (s) =>
    Object.keys(s)
      .map((k) => `${k}=${s.getItem(k)}`)
      .join(';');
  return `${dump(window.localStorage)}|${dump(window.sessionStorage)}|${document.cookie}`;
}

function expectNoCanaryLeak(element, consoleSpy) {
  expect(consoleSpy.calls.join('\n')).not.toContain(CANARY);
  expect(storageText()).not.toContain(CANARY);
  expect(attributesOf(element).join('\n')).not.toContain(CANARY);
}

module.exports = { CANARY, spyConsole, expectNoCanaryLeak, attributesOf };
