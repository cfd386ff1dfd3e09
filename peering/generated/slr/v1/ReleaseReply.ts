// Original file: proto/slr/v1/registration.proto


export interface ReleaseReply {
  'released'?: (boolean);
  'detail'?: (string);
}

export interface ReleaseReply__Output {
  'released': (boolean);
  'detail': (string);
}
