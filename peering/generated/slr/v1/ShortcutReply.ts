// Original file: proto/slr/v1/registration.proto

import type { ShortcutResult as _slr_v1_ShortcutResult, ShortcutResult__Output as _slr_v1_ShortcutResult__Output } from '../../slr/v1/ShortcutResult';

export interface ShortcutReply {
  'results'?: (_slr_v1_ShortcutResult)[];
}

export interface ShortcutReply__Output {
  'results': (_slr_v1_ShortcutResult__Output)[];
}
