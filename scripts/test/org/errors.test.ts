import { classifyError, classifyResponse, fatalError } from '../../src/org/errors';

describe('org API failure classification', () => {
  it('expired sessions and exhausted limits are fatal, with the documented messages', () => {
    const s = classifyResponse(401, [
      { errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }
    ]);
    expect(s.kind).toBe('fatal');
    expect(fatalError(s, 'x').message).toBe('session expired: run sf org login');
    const l = classifyResponse(403, [
      { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }
    ]);
    expect(l.kind).toBe('fatal');
    expect(fatalError(l, 'x').message).toMatch(/REQUEST_LIMIT_EXCEEDED/);
  });

  it('503, UNABLE_TO_LOCK_ROW and socket timeouts are retried; refused connections are fatal', () => {
    expect(classifyResponse(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'x' }]).kind).toBe('retry');
    expect(classifyResponse(400, [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'x' }]).kind).toBe('retry');
    expect(classifyError(Object.assign(new Error('t'), { code: 'ETIMEDOUT' })).kind).toBe('retry');
    expect(classifyError(Object.assign(new Error('x'), { errorCode: 'ERROR_HTTP_503' })).kind).toBe('retry');
    const refused = classifyError(
      Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    );
    expect(refused.kind).toBe('fatal');
    expect(fatalError(refused, 'http://127.0.0.1:1').message).toBe(
      'cannot connect to http://127.0.0.1:1: ECONNREFUSED'
    );
  });

  it('refused reads are facts: INVALID_TYPE, INSUFFICIENT_ACCESS, SOAP faults (sf: prefix dropped)', () => {
    expect(
      classifyResponse(400, [
        { errorCode: 'INVALID_TYPE', message: "sObject type 'TenantSecret' is not supported." }
      ])
    ).toMatchObject({
      kind: 'fact',
      errorCode: 'INVALID_TYPE'
    });
    expect(classifyError(Object.assign(new Error('no'), { name: 'sf:INSUFFICIENT_ACCESS' }))).toMatchObject({
      kind: 'fact',
      errorCode: 'INSUFFICIENT_ACCESS'
    });
    expect(classifyResponse(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'x' }]).kind).toBe('fact');
  });

  it('a response without a body still classifies: 401 is an expired session, others name the status', () => {
    expect(classifyResponse(401, undefined)).toMatchObject({
      kind: 'fatal',
      errorCode: 'INVALID_SESSION_ID',
      message: 'HTTP 401'
    });
    expect(classifyResponse(404, [])).toMatchObject({
      kind: 'fact',
      errorCode: 'HTTP_404',
      message: 'HTTP 404'
    });
    expect(classifyResponse(400, { errorCode: 'INVALID_FIELD', message: 'No such column' })).toMatchObject({
      errorCode: 'INVALID_FIELD',
      kind: 'fact'
    });
  });

  it('thrown errors: status from statusCode or status, code from errorCode, cause, code or name', () => {
    expect(
      classifyError(Object.assign(new Error('x'), { statusCode: 401, errorCode: 'INVALID_AUTH_HEADER' }))
    ).toMatchObject({
      kind: 'fatal',
      status: 401
    });
    expect(classifyError(Object.assign(new Error('x'), { status: 503 }))).toMatchObject({
      kind: 'retry',
      status: 503
    });
    expect(classifyError({ message: 'x', code: 'ERROR_HTTP_401' })).toMatchObject({ kind: 'fatal' });
    expect(classifyError('a plain string')).toMatchObject({
      kind: 'fact',
      errorCode: 'UNKNOWN',
      message: 'a plain string',
      status: 0
    });
    expect(
      classifyError({
        name: 'sf:UNKNOWN_EXCEPTION',
        message: 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access'
      })
    ).toMatchObject({
      kind: 'retry'
    });
    expect(
      classifyError(Object.assign(new Error('socket hang up'), { code: 'UND_ERR_SOCKET' }))
    ).toMatchObject({
      kind: 'retry',
      status: 'UND_ERR_SOCKET'
    });
  });

  it('messages are one line of at most 200 characters', () => {
    const long = classifyResponse(400, [
      { errorCode: 'MALFORMED_QUERY', message: `${'x'.repeat(300)}\nsecond line` }
    ]);
    expect(long.message).toHaveLength(200);
    expect(long.message.endsWith('...')).toBe(true);
  });
});
