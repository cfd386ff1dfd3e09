// Original file: proto/slr/v1/registration.proto

import type { FlowClassifier as _slr_v1_FlowClassifier, FlowClassifier__Output as _slr_v1_FlowClassifier__Output } from '../../slr/v1/FlowClassifier';

export interface ReleaseRequest {
  'id'?: (string);
  'sessionId'?: (string);
  'flow'?: (_slr_v1_FlowClassifier | null);
  'reason'?: (string);
}

export interface ReleaseRequest__Output {
  'id': (string);
  'sessionId': (string);
  'flow': (_slr_v1_FlowClassifier__Output | null);
  'reason': (string);
}
