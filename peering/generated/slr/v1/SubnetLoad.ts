// Original file: proto/slr/v1/common.proto


export interface SubnetLoad {
  'subnet'?: (string);
  'load'?: (number | string);
  'connections'?: (number);
  'cpu'?: (number | string);
  'serviceClass'?: (string);
  'unhealthy'?: (boolean);
}

export interface SubnetLoad__Output {
  'subnet': (string);
  'load': (number);
  'connections': (number);
  'cpu': (number);
  'serviceClass': (string);
  'unhealthy': (boolean);
}
