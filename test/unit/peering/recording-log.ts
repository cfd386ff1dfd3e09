// A Log that keeps every line, so tests can assert what was logged and at what level.
import { Log } from '../../../peering/log';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

export class RecordingLog implements Log {
  readonly lines: LogLine[] = [];
  debug(fields: object, msg: string): void { this.add('debug', fields, msg); }
  info(fields: object, msg: string): void { this.add('info', fields, msg); }
  warn(fields: object, msg: string): void { this.add('warn', fields, msg); }
  error(fields: object, msg: string): void { this.add('error', fields, msg); }
  find(re: RegExp, level?: LogLine['level']): LogLine | undefined {
    return this.lines.find((l) => re.test(l.msg) && (!level || l.level === level));
  }
  private add(level: LogLine['level'], fields: object, msg: string): void {
    this.lines.push({ level, msg, fields: fields as Record<string, unknown> });
  }
}
