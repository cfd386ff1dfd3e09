// Original file: proto/slr/v1/registration.proto


export interface ListenRequest {
  'id'?: (string);
  'sessionId'?: (string);
}

export interface ListenRequest__Output {
  'id': (string);
  'sessionId': (string);
}
