// Original file: proto/slr/v1/registration.proto

import type { Long } from '@grpc/proto-loader';

export interface ExplainAnswer {
  'id'?: (string);
  'sessionId'?: (string);
  'queryId'?: (number | string | Long);
  'stepsJson'?: (string);
  'error'?: (string);
}

export interface ExplainAnswer__Output {
  'id': (string);
  'sessionId': (string);
  'queryId': (number);
  'stepsJson': (string);
  'error': (string);
}
