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
});
