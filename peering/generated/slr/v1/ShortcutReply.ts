// Original file: proto/slr/v1/registration.proto


export interface ShortcutReply {
  'applied'?: (boolean);
  'detail'?: (string);
}

export interface ShortcutReply__Output {
  'applied': (boolean);
  'detail': (string);
}
