"""Build a Mininet network from a checked topology, every name behind a run prefix.

Switches are Open vSwitch bridges on the userspace datapath (the kernel here has no
openvswitch module), speak only OpenFlow 1.3 and run fail_mode=secure, so they keep
their flows but learn nothing by themselves when the controller is away.
"""
import os
import subprocess

from mininet.link import Link
from mininet.net import Mininet
from mininet.node import OVSSwitch

from topology import MAX_IFNAME

# OVS retries a lost controller with backoff up to this many ms (default 8000):
# short, so a restarted controller or switch is back within about a second.
RECONNECT_MS = 1000


def controller_target(port):
    return 'tcp:127.0.0.1:%d' % port


class ControllerTarget(object):
    """All that OVSSwitch.start() and Mininet.start()/stop() need of a remote controller.

    Not Mininet's RemoteController: that one probes the port with `telnet` through a
    shell on a pty, and that probe was seen to hang the whole build for a minute.
    Whether the controller listens is the tests' business, not the builder's."""

    protocol = 'tcp'

    def __init__(self, name, ip, port):
        self.name = name
        self.ip = ip
        self.port = port

    def IP(self):  # noqa: N802 (Mininet's name)
        return self.ip

    def start(self):
        pass

    def stop(self):
        pass


class OwnControllerSwitch(OVSSwitch):
    """An OVS bridge that may speak to a controller of its own instead of the network's."""

    own_controller = None

    def start(self, controllers):
        OVSSwitch.start(self, [self.own_controller] if self.own_controller else controllers)


class Network(object):
    """One running Mininet network plus the name mapping topology name <-> node."""

    def __init__(self, topo, prefix, controller_port, state, log, controller_ports=None):
        self.topo = topo
        self.prefix = prefix
        self.controller_port = controller_port
        # Named controllers (one per SLR process): a switch with "controller": name
        # speaks to that one; every other switch to controller_port.
        self.controller_ports = dict(controller_ports or {})
        for sw in topo['switches']:
            name = sw.get('controller')
            if name is not None and name not in self.controller_ports:
                raise ValueError('switch %s: no port given for controller %r' % (sw['name'], name))
        self.state = state
        self.log = log
        self.net = None

    def node_name(self, name):
        return self.prefix + name

    def node(self, name):
        if self.net is None or name not in self._names:
            raise KeyError('unknown node %r' % name)
        return self.net[self.node_name(name)]

    def switch(self, name):
        if name not in self._switches:
            raise KeyError('unknown switch %r' % name)
        return self.node(name)

    def host(self, name):
        if name not in self._hosts:
            raise KeyError('unknown host %r' % name)
        return self.node(name)

    def _ifname(self, node, port):
        name = '%s-eth%d' % (self.node_name(node), port)
        if len(name) > MAX_IFNAME:
            raise ValueError('interface name %s is longer than %d' % (name, MAX_IFNAME))
        return name

    def _assign_ports(self):
        """Port numbers per link end: explicit switch ports as given, the rest take the
        lowest free number (switches from 1, hosts eth0, eth1, ... in link order)."""
        used = {}
        for link in self.topo['links']:
            for end in ('a', 'b'):
                if link.get(end + 'Port') is not None:
                    used.setdefault(link[end], set()).add(link[end + 'Port'])
        ends = []
        for link in self.topo['links']:
            pair = []
            for end in ('a', 'b'):
                node = link[end]
                port = link.get(end + 'Port')
                if port is None:
                    port = 0 if node in self._hosts else 1
                    while port in used.setdefault(node, set()):
                        port += 1
                    used[node].add(port)
                pair.append((node, port))
            ends.append(pair)
        return ends

    @property
    def ipv6(self):
        return self.topo.get('ipv6', False)

    # Why IPv6 is off unless the topology asks for it: a Linux interface that comes up
    # with IPv6 sends duplicate address detection, MLD reports and router solicitations
    # (repeated with backoff for minutes) on its own. On a switch whose table-miss goes to
    # the controller, each of those multicast frames is a packet-in at every switch it is
    # flooded through, so tests counting packet-ins saw up to a hundred extra.

    def _host_ipv6_off(self, node):
        """In a host's namespace, before any of its links exist: interfaces created
        there later take `default`."""
        subprocess.run(['mnexec', '-a', str(node.pid), 'sysctl', '-q', '-w',
                        'net.ipv6.conf.all.disable_ipv6=1',
                        'net.ipv6.conf.default.disable_ipv6=1'],
                       timeout=20, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)

    def root_ipv6_off(self):
        """This run's interfaces in the root namespace: each bridge's own port (LOCAL, a
        tap device: its router solicitations enter the switch) and the switch ends of
        the links. Per interface, so no one else's interface changes. Called again after
        a private ovs-vswitchd restart, which makes the tap devices anew."""
        if self.ipv6:
            return
        for name in self.state.data['bridges'] + self.state.data['links']:
            path = '/proc/sys/net/ipv6/conf/%s/disable_ipv6' % name
            if os.path.exists(path):
                with open(path, 'w') as f:
                    f.write('1')

    def ipv6_left_on(self):
        """Interfaces of this run that still have IPv6 on (empty when the topology
        allows IPv6): checked once the network is up."""
        if self.ipv6:
            return []
        on = []
        for name in self.state.data['bridges'] + self.state.data['links']:
            path = '/proc/sys/net/ipv6/conf/%s/disable_ipv6' % name
            if os.path.exists(path) and open(path).read().strip() != '1':
                on.append(name)
        for host in self.topo['hosts']:
            node = self.host(host['name'])
            for intf in node.intfNames():
                out = subprocess.run(['mnexec', '-a', str(node.pid), 'cat',
                                      '/proc/sys/net/ipv6/conf/%s/disable_ipv6' % intf],
                                     timeout=20, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
                if out.returncode == 0 and out.stdout.strip() != b'1':
                    on.append(intf)
        return on

    def build(self):
        self._switches = set(s['name'] for s in self.topo['switches'])
        self._hosts = set(h['name'] for h in self.topo['hosts'])
        self._names = self._switches | self._hosts
        net = Mininet(topo=None, build=False, controller=None, autoSetMacs=False,
                      autoStaticArp=False, waitConnected=False)
        self.net = net
        net.controllers.append(ControllerTarget(self.node_name('c0'), '127.0.0.1',
                                                self.controller_port))
        for sw in self.topo['switches']:
            name = self.node_name(sw['name'])
            # Record before creating, so a crash half-way still leaves a trail to clean.
            self.state.add('bridges', name)
            node = net.addSwitch(name, cls=OwnControllerSwitch, dpid=sw['dpid'], datapath='user',
                                 protocols='OpenFlow13', failMode='secure',
                                 reconnectms=RECONNECT_MS)
            port = self.controller_port_of(sw['name'])
            if port != self.controller_port:
                node.own_controller = ControllerTarget(self.node_name('c-' + sw['controller']),
                                                       '127.0.0.1', port)
        for host in self.topo['hosts']:
            params = {'ip': host['ip']}
            if host.get('mac'):
                params['mac'] = host['mac'].lower()
            node = net.addHost(self.node_name(host['name']), **params)
            if not self.ipv6:
                self._host_ipv6_off(node)
        for (a, pa), (b, pb) in self._assign_ports():
            ia, ib = self._ifname(a, pa), self._ifname(b, pb)
            # Both ends exist in the root namespace until Mininet moves host ends away.
            self.state.add('links', ia)
            self.state.add('links', ib)
            net.addLink(self.node_name(a), self.node_name(b), port1=pa, port2=pb,
                        intfName1=ia, intfName2=ib, cls=Link)
        for node in net.hosts + net.switches:
            self.state.add_proc(node.pid)
        self.log('nodes and links created')
        net.build()
        self.log('hosts configured')

    def start(self):
        self.net.start()
        self.root_ipv6_off()
        self.log('switches started')
        # Links that carry tunnels need room for the label stack (12 bytes for three
        # MPLS labels): the sending veth drops a frame bigger than its MTU.
        for link, ((a, pa), (b, pb)) in zip(self.topo['links'], self._assign_ports()):
            if link.get('mtu'):
                for node, port in ((a, pa), (b, pb)):
                    subprocess.run(['ip', 'link', 'set', 'dev', self._ifname(node, port), 'mtu',
                                    str(link['mtu'])], timeout=10, check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for host in self.topo['hosts']:
            node = self.host(host['name'])
            # The userspace datapath does not finish offloaded checksums: without this
            # ping works but every TCP segment arrives with a bad checksum.
            # Through `mnexec -a` with a time limit rather than the host's pty shell.
            for intf in node.intfNames():
                if intf != 'lo':
                    subprocess.run(['mnexec', '-a', str(node.pid), 'ethtool', '-K', intf,
                                    'tx', 'off', 'rx', 'off'], timeout=20,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   check=True)
        on = self.ipv6_left_on()
        if on:
            raise RuntimeError('IPv6 is still on for %s' % ', '.join(on))

    def controller_port_of(self, switch):
        for sw in self.topo['switches']:
            if sw['name'] == switch and sw.get('controller') is not None:
                return self.controller_ports[sw['controller']]
        return self.controller_port

    def dpids(self):
        return dict((s['name'], s['dpid']) for s in self.topo['switches'])

    def stop(self):
        if self.net is None:
            return
        net, self.net = self.net, None
        try:
            net.stop()
        finally:
            # net.stop() deletes bridges and links; this catches anything it missed
            # (e.g. when it died half-way) using the names this run recorded.
            for br in self.state.data['bridges']:
                subprocess.call(['ovs-vsctl', '-t', '5', '--if-exists', 'del-br', br],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for link in self.state.data['links'] + self.state.data['bridges']:
                subprocess.call(['ip', 'link', 'del', link],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
