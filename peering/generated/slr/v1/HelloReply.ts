// Original file: proto/slr/v1/registration.proto

import type { Long } from '@grpc/proto-loader';

export interface HelloReply {
  'sessionId'?: (string);
  'reportIntervalMs'?: (number);
  'missedReportsToExpire'?: (number);
  'expiryMs'?: (number | string | Long);
}

export interface HelloReply__Output {
  'sessionId': (string);
  'reportIntervalMs': (number);
  'missedReportsToExpire': (number);
  'expiryMs': (number);
}
