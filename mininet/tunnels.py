"""IP tunnels between two switches of a topology ("tunnels" in topologies/*.json).

Open vSwitch's userspace datapath wraps and unwraps VXLAN and GRE itself, no kernel
module needed. What it needs is an underlay: an IP address on a bridge's own port
(LOCAL, a tap device) that its route table sends the tunnel's far address out of. Per
tunnel this builds

    switch a [tunnel port aPort] ~~~ underlay bridge ua ==veth== underlay bridge ub ~~~ [tunnel port bPort] switch b
                                     (LOCAL: addr a)            (LOCAL: addr b)

Every bridge sits in the one ovs-vswitchd, so its route table knows both underlay
addresses as local ones, and the kernel's own routes for them (which ovs-vswitchd
copies) would send a's tunnel out of b's bridge. So the kernel's routes for the two
addresses are removed (seen by hand: with them in place `ovs/route/lookup` of b's
address answered b's own bridge, whose local route outranks a user route, and a ping
through the tunnel lost every packet), ovs-vswitchd gets one /32 route per direction
(`ovs-appctl ovs/route/add`) and a static neighbour entry (`tnl/neigh/set`) for the far
address: the underlay works without the kernel, which plays no part in it here.
The underlay bridges have no controller (fail_mode standalone: the NORMAL action).
"""
import ipaddress
import subprocess

VXLAN_UDP_PORT = 4789


def _run(cmd, check=True):
    res = subprocess.run(cmd, timeout=20, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check and res.returncode != 0:
        raise RuntimeError('%s failed: %s' % (' '.join(cmd), res.stdout.decode(errors='replace').strip()))
    return res.stdout.decode(errors='replace')


def check_tunnels(topo, switches, ports, TopologyError):  # noqa: N803 (the checker's class)
    """Validate topo['tunnels'] (optional) against the switches and ports in use."""
    tunnels = topo.get('tunnels', [])
    if not isinstance(tunnels, list):
        raise TopologyError('"tunnels" must be a list')
    for i, t in enumerate(tunnels):
        if t.get('type', 'vxlan') not in ('vxlan', 'gre'):
            raise TopologyError('tunnel %d: type must be vxlan or gre' % i)
        for end in ('a', 'b'):
            if t.get(end) not in switches:
                raise TopologyError('tunnel %d: %s must name a switch' % (i, end))
            port = t.get(end + 'Port')
            if not isinstance(port, int) or not 1 <= port <= 99:
                raise TopologyError('tunnel %d: %sPort must be 1..99' % (i, end))
            if (t[end], port) in ports:
                raise TopologyError('tunnel %d: port %d of %s is used twice' % (i, port, t[end]))
            ports.add((t[end], port))
        key = t.get('key', 'flow')
        if key != 'flow' and not (isinstance(key, int) and 0 <= key <= 0xffffff):
            raise TopologyError('tunnel %d: key must be "flow" or 0..16777215' % i)
        underlay = t.get('underlay', ['172.31.%d.1/24' % i, '172.31.%d.2/24' % i])
        try:
            ifs = [ipaddress.ip_interface(u) for u in underlay]
        except (TypeError, ValueError):
            raise TopologyError('tunnel %d: underlay must be two addresses like 172.31.0.1/24' % i)
        if len(ifs) != 2 or ifs[0].network != ifs[1].network or ifs[0].ip == ifs[1].ip or ifs[0].version != 4:
            raise TopologyError('tunnel %d: underlay must be two IPv4 addresses of one subnet' % i)
        mtu = t.get('mtu', 1600)
        if not isinstance(mtu, int) or isinstance(mtu, bool) or not 1280 <= mtu <= 9000:
            raise TopologyError('tunnel %d: mtu must be 1280..9000' % i)
        t['underlay'] = [str(x) for x in ifs]
        t['type'] = t.get('type', 'vxlan')
        t['key'] = key
    topo['tunnels'] = tunnels


class Tunnels(object):
    """Builds and removes the tunnels of one run; every name behind the run prefix."""

    def __init__(self, topo, prefix, state, log):
        self.topo = topo
        self.prefix = prefix
        self.state = state
        self.log = log
        self.routes = []

    def names(self, i):
        p = '%su%d' % (self.prefix, i)
        return {'ua': p + 'a', 'ub': p + 'b', 'linkA': p + 'x', 'linkB': p + 'y',
                'portA': '%sv%da' % (self.prefix, i), 'portB': '%sv%db' % (self.prefix, i)}

    def info(self):
        out = []
        for i, t in enumerate(self.topo.get('tunnels', [])):
            n = self.names(i)
            out.append(dict(t, underlayLink=n['linkA'], underlayBridges=[n['ua'], n['ub']],
                            ports=[n['portA'], n['portB']]))
        return out

    def start(self):
        for i, t in enumerate(self.topo.get('tunnels', [])):
            self._one(i, t)

    def _one(self, i, t):
        n = self.names(i)
        addr = [ipaddress.ip_interface(u) for u in t['underlay']]
        for br in (n['ua'], n['ub']):
            self.state.add('bridges', br)
            _run(['ovs-vsctl', '--may-exist', 'add-br', br, '--', 'set', 'bridge', br,
                  'datapath_type=netdev', 'fail_mode=standalone'])
        self.state.add('links', n['linkA'])
        self.state.add('links', n['linkB'])
        _run(['ip', 'link', 'add', n['linkA'], 'type', 'veth', 'peer', 'name', n['linkB']])
        for name in (n['linkA'], n['linkB'], n['ua'], n['ub']):
            with open('/proc/sys/net/ipv6/conf/%s/disable_ipv6' % name, 'w') as f:
                f.write('1')
            _run(['ip', 'link', 'set', name, 'up'])
        _run(['ovs-vsctl', 'add-port', n['ua'], n['linkA'], '--', 'add-port', n['ub'], n['linkB']])
        for br, a in ((n['ua'], addr[0]), (n['ub'], addr[1])):
            _run(['ip', 'addr', 'add', str(a), 'dev', br])
            # The kernel's routes for the underlay would reach ovs-vswitchd's table too.
            _run(['ip', 'route', 'del', 'table', 'local', str(a.ip), 'dev', br], check=False)
            _run(['ip', 'route', 'del', str(a.network), 'dev', br], check=False)
        # Room for VXLAN's 50 bytes of outer headers around a 1500-byte frame.
        mtu = t.get('mtu', 1600)
        ends = ((t['a'], t['aPort'], n['portA'], addr[1]), (t['b'], t['bPort'], n['portB'], addr[0]))
        for sw, port, name, remote in ends:
            opts = ['options:remote_ip=%s' % remote.ip, 'options:key=%s' % t['key']]
            _run(['ovs-vsctl', 'add-port', self.prefix + sw, name, '--', 'set', 'interface', name,
                  'type=%s' % t['type'], 'ofport_request=%d' % port] + opts)
        for br, remote, mac_of in ((n['ua'], addr[1], n['ub']), (n['ub'], addr[0], n['ua'])):
            dst = '%s/32' % remote.ip
            _run(['ovs-appctl', 'ovs/route/add', dst, br])
            self.routes.append(dst)
            with open('/sys/class/net/%s/address' % mac_of) as f:
                mac = f.read().strip()
            _run(['ovs-appctl', 'tnl/neigh/set', br, str(remote.ip), mac])
        for name in (n['linkA'], n['linkB']):
            _run(['ip', 'link', 'set', 'dev', name, 'mtu', str(mtu)])
        self.log('tunnel %d (%s) %s:%d <-> %s:%d over %s' % (i, t['type'], t['a'], t['aPort'], t['b'],
                                                             t['bPort'], n['linkA']))

    def stop(self):
        for dst in self.routes:
            _run(['ovs-appctl', 'ovs/route/del', dst], check=False)
        self.routes = []
