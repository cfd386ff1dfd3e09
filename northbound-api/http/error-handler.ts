// The one error handler: schema failures become one problem per field, everything else
// goes through mapError. Server faults are logged with their stack; responses never
// carry one.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorObject } from 'ajv';
import type { Logger } from '../../controller/logger';
import { ApiError, mapError, type Problem } from '../errors';

type Part = Problem['in'];

const PARTS: Record<string, Part> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

function problemOf(e: ErrorObject, part: Part): Problem {
  const at = e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { field: `${at}/${String(p.additionalProperty)}`, in: part, reason: 'unknown field' };
    case 'required':
      return { field: `${at}/${String(p.missingProperty)}`, in: part, reason: 'is required' };
    case 'type':
      return { field: at, in: part, reason: `must be ${String(p.type)}` };
    case 'enum':
      return { field: at, in: part, reason: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'discriminator':
      return { field: `${at}/${String(p.tag)}`, in: part, reason: p.error === 'tag' ? 'must be a string' : 'is not a known type' };
    default:
      return { field: at, in: part, reason: e.message ?? 'is invalid' };
  }
}

export function validationProblems(errors: readonly ErrorObject[], context: string | undefined): Problem[] {
  const part = PARTS[context ?? 'body'] ?? 'body';
  const out: Problem[] = [];
  for (const e of errors) {
    const p = problemOf(e, part);
    if (!out.some((q) => q.field === p.field && q.reason === p.reason)) out.push(p);
  }
  return out;
}

export function installErrorHandling(app: FastifyInstance, log: Logger | undefined): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let error: unknown = err;
    if (Array.isArray(err.validation)) {
      const problems = validationProblems(err.validation as ErrorObject[], err.validationContext);
      const first = problems[0];
      const where = first ? `${first.in} ${first.field || '(top level)'}` : 'request';
      error = new ApiError('VALIDATION_FAILED', `invalid ${where}: ${first?.reason ?? 'does not match the schema'}`, problems);
    }
    const mapped = mapError(error);
    if (mapped.serverFault) log?.error({ err, method: req.method, url: req.url }, 'API request failed');
    return reply.status(mapped.status).type('application/json').send(mapped.body);
  });
  app.setNotFoundHandler((req, reply) => {
    const mapped = mapError(new ApiError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
    return reply.status(mapped.status).send(mapped.body);
  });
}
