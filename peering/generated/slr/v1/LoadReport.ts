// Original file: proto/slr/v1/registration.proto

import type { SubnetLoad as _slr_v1_SubnetLoad, SubnetLoad__Output as _slr_v1_SubnetLoad__Output } from '../../slr/v1/SubnetLoad';
import type { Long } from '@grpc/proto-loader';

export interface LoadReport {
  'id'?: (string);
  'sessionId'?: (string);
  'seq'?: (number | string | Long);
  'measuredAtMs'?: (number | string | Long);
  'loads'?: (_slr_v1_SubnetLoad)[];
  'rttMs'?: (number | string);
}

export interface LoadReport__Output {
  'id': (string);
  'sessionId': (string);
  'seq': (number);
  'measuredAtMs': (number);
  'loads': (_slr_v1_SubnetLoad__Output)[];
  'rttMs': (number);
}
