// Original file: proto/slr/v1/registration.proto


export interface GoodbyeRequest {
  'id'?: (string);
  'sessionId'?: (string);
  'reason'?: (string);
}

export interface GoodbyeRequest__Output {
  'id': (string);
  'sessionId': (string);
  'reason': (string);
}
