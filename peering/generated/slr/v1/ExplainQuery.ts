// Original file: proto/slr/v1/registration.proto

import type { FlowClassifier as _slr_v1_FlowClassifier, FlowClassifier__Output as _slr_v1_FlowClassifier__Output } from '../../slr/v1/FlowClassifier';
import type { Long } from '@grpc/proto-loader';

export interface ExplainQuery {
  'queryId'?: (number | string | Long);
  'flow'?: (_slr_v1_FlowClassifier | null);
}

export interface ExplainQuery__Output {
  'queryId': (number);
  'flow': (_slr_v1_FlowClassifier__Output | null);
}
