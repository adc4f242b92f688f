/**
 * The browser half of the preview's fixture layer: every `@salesforce/apex/*` import becomes a
 * function that POSTs to the preview server (same origin), as Apex runs on the server in an org.
 * Callable and usable with @wire, like the platform's Apex imports. Errors take the platform's
 * shape, `{ status, body: { message } }`. The page's query string tells the server which state to
 * serve (README: portal).
 */
async function invoke(method, params) {
  const response = await fetch(`/apex/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portal-scenario': window.location.search },
    body: JSON.stringify(params || {})
  });
  const payload = await response.json();
  if (!response.ok) {
    // eslint-disable-next-line no-throw-literal
    throw { status: response.status, body: { message: payload.message } };
  }
  return payload.result;
}

function wireAdapter(method) {
  return class ApexWireAdapter {
    constructor(dataCallback) {
      this.dataCallback = dataCallback;
      this.connected = false;
    }

    connect() {
      this.connected = true;
      this.dataCallback({ data: undefined, error: undefined });
    }

    update(config) {
      invoke(method, config).then(
        (data) => this.connected && this.dataCallback({ data, error: undefined }),
        (error) => this.connected && this.dataCallback({ data: undefined, error })
      );
    }

    disconnect() {
      this.connected = false;
    }
  };
}

export function apexMethod(method) {
  const call = (params) => invoke(method, params);
  call.adapter = wireAdapter(method);
  return call;
}
