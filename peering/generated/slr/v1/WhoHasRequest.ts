// Original file: proto/slr/v1/neighbours.proto

import type { FlowClassifier as _slr_v1_FlowClassifier, FlowClassifier__Output as _slr_v1_FlowClassifier__Output } from '../../slr/v1/FlowClassifier';

export interface WhoHasRequest {
  'asker'?: (string);
  'flow'?: (_slr_v1_FlowClassifier | null);
}

export interface WhoHasRequest__Output {
  'asker': (string);
  'flow': (_slr_v1_FlowClassifier__Output | null);
}
