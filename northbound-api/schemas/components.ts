// The schemas the OpenAPI document names under components/schemas. Routes use these
// very objects (fastify validates with them); the document generator swaps each
// occurrence for a $ref by object identity, so the published contract and the
// validation can never drift apart, and clients see one named type per resource.
import { statusSchemas } from '../routes/status';
import { errorResponseSchema, type JsonSchema } from './common';
import { pinResponse } from './pin';
import { policyCreateBody, policyReplaceBody, policyResponse } from './policy';
import { serviceCreateBody, serviceReplaceBody, serviceResponse } from './service';
import { simulateBody, simulateResponse } from './simulate';
import { targetCreateBody, targetPatchBody, targetReplaceBody, targetResponse } from './target';

export function componentSchemas(): Record<string, JsonSchema> {
  return {
    Error: errorResponseSchema,
    Target: targetResponse,
    TargetCreate: targetCreateBody,
    TargetReplace: targetReplaceBody,
    TargetPatch: targetPatchBody,
    Service: serviceResponse,
    ServiceCreate: serviceCreateBody,
    ServiceReplace: serviceReplaceBody,
    Policy: policyResponse,
    PolicyCreate: policyCreateBody,
    PolicyReplace: policyReplaceBody,
    Pin: pinResponse,
    SimulateRequest: simulateBody,
    SimulateResult: simulateResponse,
    Switch: statusSchemas.switch,
    Level: statusSchemas.level,
    Peer: statusSchemas.peer,
    Health: statusSchemas.health,
  };
}
