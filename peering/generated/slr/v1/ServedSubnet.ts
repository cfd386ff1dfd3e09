// Original file: proto/slr/v1/common.proto


export interface ServedSubnet {
  'subnet'?: (string);
  'ports'?: (number)[];
}

export interface ServedSubnet__Output {
  'subnet': (string);
  'ports': (number)[];
}
