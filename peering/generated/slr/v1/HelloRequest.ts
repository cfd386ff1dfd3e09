// Original file: proto/slr/v1/registration.proto

import type { Attachment as _slr_v1_Attachment, Attachment__Output as _slr_v1_Attachment__Output } from '../../slr/v1/Attachment';
import type { ServedSubnet as _slr_v1_ServedSubnet, ServedSubnet__Output as _slr_v1_ServedSubnet__Output } from '../../slr/v1/ServedSubnet';

export interface HelloRequest {
  'id'?: (string);
  'certificatePem'?: (string);
  'kind'?: (string);
  'attachment'?: (_slr_v1_Attachment | null);
  'subnets'?: (_slr_v1_ServedSubnet)[];
  'version'?: (string);
}

export interface HelloRequest__Output {
  'id': (string);
  'certificatePem': (string);
  'kind': (string);
  'attachment': (_slr_v1_Attachment__Output | null);
  'subnets': (_slr_v1_ServedSubnet__Output)[];
  'version': (string);
}
