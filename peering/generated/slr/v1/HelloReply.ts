// Original file: proto/slr/v1/registration.proto

import type { Long } from '@grpc/proto-loader';

export interface HelloReply {
  'sessionId'?: (string);
  'reportIntervalMs'?: (number);
  'missedReportsToExpire'?: (number);
  'expiryMs'?: (number | string | Long);
  'advertisementKey'?: (Buffer | Uint8Array | string);
}

export interface HelloReply__Output {
  'sessionId': (string);
  'reportIntervalMs': (number);
  'missedReportsToExpire': (number);
  'expiryMs': (number);
  'advertisementKey': (Buffer);
}
