// Original file: proto/slr/v1/neighbours.proto


export interface WhoHasReply {
  'found'?: (boolean);
  'owner'?: (string);
  'target'?: (string);
  'labels'?: (number)[];
  'detail'?: (string);
}

export interface WhoHasReply__Output {
  'found': (boolean);
  'owner': (string);
  'target': (string);
  'labels': (number)[];
  'detail': (string);
}
