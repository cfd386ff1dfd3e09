// The neighbours section (WHOHAS) as start-up reads it, at the serviceRouting level and
// in levels[]: defaults filled, and refused when a neighbour is the level itself, has no
// port toward it, or the section lacks its TLS files.
import { levelSetups } from '../../../cli/slr-process';
import { reachOf } from '../../../cli/neighbours';
import { validateConfig } from '../../../controller/config/load';
import { configSectionsOf } from '../../../controller/app-module';
import { APP_MODULES } from '../../../cli/controller';

const load = (doc: object) => validateConfig(doc, { sections: configSectionsOf(APP_MODULES) });
const tls = { caFile: '/etc/slr/ca.pem', certFile: '/etc/slr/slr.pem', keyFile: '/etc/slr/slr-key.pem' };
const level = {
  id: 'east', kind: 'site', ingress: { dpids: ['c02'] },
  targets: [{ id: 'e1', kind: 'server', attachment: { ip: '10.32.0.1', mac: '00:00:00:20:00:01', port: 1 } }],
  services: [{ id: 'web', prefix: '10.0.0.100/32', protocol: 'tcp', ports: [80], targets: ['e1'], policy: 'p' }],
  policies: { p: { type: 'least-load' } },
};
const neighbours = (peers: object[]) => ({ listen: '127.0.0.1:50061', tls, clientTls: { ...tls, certFile: '/etc/slr/east.pem' }, peers });

describe('neighbours config section', () => {
  it('fills the defaults, in levels[] and for the serviceRouting level', () => {
    const [inLevels] = levelSetups(load({ levels: [{ ...level, neighbours: neighbours([{ id: 'west', address: '10.9.0.1:50061', port: 10 }]) }] }));
    expect(inLevels.neighbours).toEqual({
      listen: '127.0.0.1:50061', tls, clientTls: { ...tls, certFile: '/etc/slr/east.pem' },
      queryTimeoutMs: 300, missCacheMs: 2000, maxPendingQueries: 1024,
      peers: [{ id: 'west', address: '10.9.0.1:50061', port: 10, ports: {} }],
    });
    const [single] = levelSetups(load({ serviceRouting: level, neighbours: neighbours([{ id: 'west', address: 'unix:/run/slr/west.sock', ports: { c02: 4 }, label: 2001 }]) }));
    expect(single.neighbours?.peers).toEqual([{ id: 'west', address: 'unix:/run/slr/west.sock', ports: { c02: 4 }, label: 2001 }]);
  });

  it('refuses a neighbour that is the level itself, one without a port, and a section without TLS', () => {
    const setups = (peers: object[], extra: object = {}) => levelSetups(load({ levels: [{ ...level, neighbours: { ...neighbours(peers), ...extra } }] }));
    expect(() => setups([{ id: 'east', address: '10.9.0.1:1', port: 10 }])).toThrow(/names the level itself/);
    expect(() => setups([{ id: 'west', address: '10.9.0.1:1' }])).toThrow(/has no port/);
    expect(() => load({ levels: [{ ...level, neighbours: { listen: '127.0.0.1:1', tls, peers: [{ id: 'west', address: '10.9.0.1:1', port: 10 }] } }] })).toThrow(/clientTls/);
    expect(() => setups([{ id: 'west', address: 'nowhere', port: 10 }])).toThrow(/address/);
    expect(() => setups([{ id: 'west', address: '10.9.0.1:1', port: 10, label: 3 }])).toThrow(/label/);
  });

  it('reaches a neighbour by its per-switch port where one is given, else the common one', () => {
    const peer = { id: 'west', address: 'x:1', port: 10, ports: { '0000000000000c02': 4 }, label: 2001 };
    expect(reachOf(peer, 0xc02n)).toEqual({ port: 4, label: 2001 });
    expect(reachOf(peer, 0xc03n)).toEqual({ port: 10, label: 2001 });
    expect(reachOf({ id: 'west', address: 'x:1', ports: {} }, 0xc02n)).toBeUndefined();
  });
});
