// The pipeline app is always loaded: every switch needs its tables joined, whatever
// other apps run. It has no config section (the layout is code, see layout.ts).
import type { AppModule } from '../../controller';
import { PipelineApp } from './pipeline-app';

export const pipelineModule: AppModule = {
  name: 'pipeline',
  create: () => new PipelineApp(),
};
