// Original file: proto/slr/v1/registration.proto


export interface FlowClassifier {
  'protocol'?: (number);
  'client'?: (string);
  'clientPort'?: (number);
  'vip'?: (string);
  'vipPort'?: (number);
}

export interface FlowClassifier__Output {
  'protocol': (number);
  'client': (string);
  'clientPort': (number);
  'vip': (string);
  'vipPort': (number);
}
