// Loads the slr.v1 protocol definitions at run time with @grpc/proto-loader.
// Options, chosen once for both ends of every SLR link:
//  - keepCase false: fields are camelCase in TypeScript (session_id -> sessionId);
//  - longs Number: uint64 fields hold milliseconds and sequence numbers, far below
//    2^53, so plain numbers are exact and simpler than strings;
//  - defaults true: absent scalar fields read as 0 / '' / [] instead of undefined,
//    which is what proto3 means by an absent field.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

// The .proto files live in <repo>/proto; this module runs either from <repo>/peering
// (ts sources under jest) or from <repo>/dist/peering (compiled), so look upwards.
export function protoRoot(): string {
  const candidates = [path.resolve(__dirname, '..', 'proto'), path.resolve(__dirname, '..', '..', 'proto')];
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'slr', 'v1', 'registration.proto'))) return dir;
  }
  throw new Error(`slr.v1 proto files not found (looked in ${candidates.join(', ')})`);
}

let cached: grpc.GrpcObject | undefined;

function loadSlrV1(): grpc.GrpcObject {
  if (!cached) {
    const definition = protoLoader.loadSync(['slr/v1/registration.proto', 'slr/v1/neighbours.proto'], { ...LOADER_OPTIONS, includeDirs: [protoRoot()] });
    const root = grpc.loadPackageDefinition(definition);
    cached = (root.slr as grpc.GrpcObject).v1 as grpc.GrpcObject;
  }
  return cached;
}

/** The generic client constructor for slr.v1.Registration, with its service definition. */
export function registrationService(): grpc.ServiceClientConstructor {
  return loadSlrV1().Registration as grpc.ServiceClientConstructor;
}

/** The generic client constructor for slr.v1.Neighbours (WHOHAS between clusters of one level). */
export function neighboursService(): grpc.ServiceClientConstructor {
  return loadSlrV1().Neighbours as grpc.ServiceClientConstructor;
}

/** The loader options, for the type generator's flags to match (see package.json proto:types). */
export const PROTO_LOADER_OPTIONS: Readonly<protoLoader.Options> = LOADER_OPTIONS;
