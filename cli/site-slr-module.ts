// The site SLR as the process runs it: the service-routing app plus, when the config has
// an `agents` section, the agent registration service (mTLS gRPC) feeding it. The
// service knows which servers may register from the live catalog: every server target
// may serve the prefixes of the services that list it; a target listed by no service
// (a spare the operator configured) may serve any of the site's service prefixes,
// and joins those services when it says hello. Anything else is refused by peering.
import type { ServiceRoutingApp } from '../apps/service-routing/service-routing-app';
import { serviceRoutingModule } from '../apps/service-routing/module';
import type { AppModule } from '../controller/app-module';
import { componentLogger } from '../controller/logger';
import { agentsSectionSchema, startAgentServer, type AgentServer, type AgentsSection, type AllowedServer, type ServerDirectory } from '../peering';

export function catalogDirectory(app: ServiceRoutingApp): ServerDirectory {
  return {
    lookup(serverId: string): AllowedServer | undefined {
      const t = app.catalog.target(serverId);
      if (t === undefined || t.kind !== 'server') return undefined;
      const services = app.catalog.services();
      const own = services.filter((s) => s.spec.targets.includes(serverId));
      const subnets = [...new Set((own.length > 0 ? own : services).map((s) => s.spec.prefix))];
      return { serverId, subnets, ip: t.attachment?.ip, mac: t.attachment?.mac };
    },
  };
}

/** The agent registration service each site app started (for the API's /v1/peers). */
const agentServers = new WeakMap<ServiceRoutingApp, AgentServer>();

export function agentServerOf(app: ServiceRoutingApp): AgentServer | undefined {
  return agentServers.get(app);
}

export const siteSlrModule: AppModule = {
  ...serviceRoutingModule,
  topLevelSchemas: { ...serviceRoutingModule.topLevelSchemas, agents: agentsSectionSchema },
  create(...args: Parameters<AppModule['create']>) {
    const app = serviceRoutingModule.create(...args) as ServiceRoutingApp | undefined;
    const [config, log, env] = args;
    const section = (config as { agents?: AgentsSection }).agents;
    if (app === undefined || section === undefined) return app;
    let server: AgentServer | undefined;
    const start = app.start.bind(app);
    const stop = app.stop.bind(app);
    // The registration service comes up after the app (its sink needs the store) and goes first.
    app.start = async (ctx) => {
      await start(ctx);
      server = await startAgentServer({ section, directory: catalogDirectory(app), sink: app.agentEvents, log: componentLogger(log, 'agents') });
      agentServers.set(app, server);
      env?.metrics?.watchPeering(server);
    };
    app.stop = async () => {
      await server?.stop();
      await stop();
    };
    return app;
  },
};
