import { SlrError, type SlrErrorCode } from '../../../controller/errors';
import { ApiError, mapError } from '../../../northbound-api/errors';
import { validationProblems } from '../../../northbound-api/http/error-handler';

describe('mapError: the one mapping from errors to HTTP statuses', () => {
  it.each([
    ['VALIDATION_FAILED', 400], ['INVALID_CHANGE', 422], ['IN_USE', 409], ['NOT_FOUND', 404], ['ALREADY_EXISTS', 409],
    ['PRECONDITION_FAILED', 412], ['UNAUTHORIZED', 401], ['FORBIDDEN', 403], ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415], ['STORE_CONFLICT', 409], ['STORE_UNAVAILABLE', 503], ['INTERNAL', 500],
  ] as const)('API %s -> %d', (code, status) => {
    const m = mapError(new ApiError(code, 'msg', [{ field: '/x', in: 'body', reason: 'r' }]));
    expect(m.status).toBe(status);
    expect(m.body).toEqual({ error: { code, message: 'msg', problems: [{ field: '/x', in: 'body', reason: 'r' }] } });
    expect(m.serverFault).toBe(status >= 500);
  });

  it.each([
    ['BAD_REQUEST', 400, true], ['CONFIG_INVALID', 400, true], ['UNKNOWN_DATAPATH', 404, true], ['SWITCH_OVERLOADED', 503, true],
    ['SWITCH_TIMEOUT', 504, true], ['SWITCH_CLOSED', 503, true], ['SWITCH_REJECTED', 502, false], ['RECONCILE_FAILED', 502, false],
    ['INTERNAL', 500, false], ['CONFIG_READ', 500, false], ['APP_INVALID', 500, false], ['APP_DUPLICATE', 500, false], ['COOKIE_OUT_OF_RANGE', 500, false],
  ] as Array<[SlrErrorCode, number, boolean]>)('core %s -> %d (message echoed: %s)', (code, status, echoed) => {
    const m = mapError(new SlrError(code, 'detail from /some/file.ts'));
    expect(m.status).toBe(status);
    expect(m.body.error.code).toBe(code);
    expect(m.body.error.message).toBe(echoed ? 'detail from /some/file.ts' : 'internal error');
  });

  it('fastify client errors keep their 4xx status; anything else is an opaque 500', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(mapError(tooLarge)).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } }, serverFault: false });
    const plain = new TypeError('cannot read x of undefined');
    expect(mapError(plain)).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, serverFault: true });
    expect(mapError('a string')).toMatchObject({ status: 500 });
    expect(mapError(Object.assign(new Error('boom'), { code: 'FST_SOMETHING', statusCode: 500 })).status).toBe(500);
  });
});

describe('validationProblems', () => {
  it('names fields by JSON pointer and the request part, once each', () => {
    const problems = validationProblems(
      [
        { keyword: 'additionalProperties', instancePath: '/a', schemaPath: '', params: { additionalProperty: 'b' } },
        { keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'id' } },
        { keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'id' } },
        { keyword: 'maximum', instancePath: '/w', schemaPath: '', params: { limit: 3 }, message: 'must be <= 3' },
      ],
      'querystring',
    );
    expect(problems).toEqual([
      { field: '/a/b', in: 'query', reason: 'unknown field' },
      { field: '/id', in: 'query', reason: 'is required' },
      { field: '/w', in: 'query', reason: 'must be <= 3' },
    ]);
  });
});
