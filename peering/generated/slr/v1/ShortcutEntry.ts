// Original file: proto/slr/v1/registration.proto

import type { FlowClassifier as _slr_v1_FlowClassifier, FlowClassifier__Output as _slr_v1_FlowClassifier__Output } from '../../slr/v1/FlowClassifier';

export interface ShortcutEntry {
  'flow'?: (_slr_v1_FlowClassifier | null);
  'labels'?: (number)[];
}

export interface ShortcutEntry__Output {
  'flow': (_slr_v1_FlowClassifier__Output | null);
  'labels': (number)[];
}
