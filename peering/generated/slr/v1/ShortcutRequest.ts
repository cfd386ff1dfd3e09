// Original file: proto/slr/v1/registration.proto

import type { ShortcutEntry as _slr_v1_ShortcutEntry, ShortcutEntry__Output as _slr_v1_ShortcutEntry__Output } from '../../slr/v1/ShortcutEntry';

export interface ShortcutRequest {
  'id'?: (string);
  'sessionId'?: (string);
  'entries'?: (_slr_v1_ShortcutEntry)[];
}

export interface ShortcutRequest__Output {
  'id': (string);
  'sessionId': (string);
  'entries': (_slr_v1_ShortcutEntry__Output)[];
}
