// Original file: proto/slr/v1/registration.proto


export interface Attachment {
  'ip'?: (string);
  'mac'?: (string);
  'mplsLabel'?: (number);
}

export interface Attachment__Output {
  'ip': (string);
  'mac': (string);
  'mplsLabel': (number);
}
