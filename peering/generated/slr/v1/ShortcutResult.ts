// Original file: proto/slr/v1/registration.proto


export interface ShortcutResult {
  'applied'?: (boolean);
  'detail'?: (string);
  'refused'?: (boolean);
}

export interface ShortcutResult__Output {
  'applied': (boolean);
  'detail': (string);
  'refused': (boolean);
}
