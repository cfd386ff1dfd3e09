// Original file: proto/slr/v1/registration.proto


export interface ReportReply {
  'reportIntervalMs'?: (number);
}

export interface ReportReply__Output {
  'reportIntervalMs': (number);
}
