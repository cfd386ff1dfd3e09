"""Load and check a declarative topology file (topologies/*.json).

The checks run before anything touches the machine, so a typo in a topology file is
reported as one clear error instead of a half-built network to clean up.
"""
import ipaddress
import json
import re

from tunnels import check_tunnels

# Linux limits interface names to 15 characters. Interfaces are named
# <prefix><node>-eth<port>, so a 3-character run prefix, a node name of up to 6
# characters and a port number of up to 2 digits fit exactly.
MAX_IFNAME = 15
MAX_NODE_NAME = 6
NAME_RE = re.compile(r'^[a-z][a-z0-9]*$')
MAC_RE = re.compile(r'^([0-9a-f]{2}:){5}[0-9a-f]{2}$')
DPID_RE = re.compile(r'^[0-9a-f]{1,16}$')
# Which controller process a switch speaks to, by name (see driver --controller-ports).
CONTROLLER_RE = re.compile(r'^[a-z][a-z0-9-]{0,31}$')


class TopologyError(ValueError):
    pass


def _check_name(kind, name, seen):
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise TopologyError('%s name %r: use lower-case letters and digits, starting '
                            'with a letter' % (kind, name))
    if len(name) > MAX_NODE_NAME:
        raise TopologyError('%s name %r is longer than %d characters (interface names '
                            'must fit in %d)' % (kind, name, MAX_NODE_NAME, MAX_IFNAME))
    if name in seen:
        raise TopologyError('name %r is used twice' % name)
    seen.add(name)


def _check_switch(sw, seen):
    _check_name('switch', sw.get('name'), seen)
    dpid = str(sw.get('dpid', '')).lower()
    if not DPID_RE.match(dpid) or int(dpid, 16) == 0:
        raise TopologyError('switch %s: dpid must be 1-16 hex digits, not zero'
                            % sw['name'])
    sw['dpid'] = dpid.rjust(16, '0')
    ctl = sw.get('controller')
    if ctl is not None and not (isinstance(ctl, str) and CONTROLLER_RE.match(ctl)):
        raise TopologyError('switch %s: controller must be a lower-case word naming a controller'
                            % sw['name'])


def _check_host(host, seen):
    _check_name('host', host.get('name'), seen)
    try:
        iface = ipaddress.ip_interface(host.get('ip', ''))
    except ValueError:
        raise TopologyError('host %s: ip must look like 10.0.0.1/24' % host['name'])
    if '/' not in host['ip'] or iface.version != 4:
        raise TopologyError('host %s: ip needs an IPv4 address with /prefix' % host['name'])
    mac = host.get('mac')
    if mac is not None and (not isinstance(mac, str) or not MAC_RE.match(mac.lower())):
        raise TopologyError('host %s: mac must look like 00:00:00:00:00:01' % host['name'])
    for key in ('commands', 'daemons'):
        value = host.get(key, [])
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise TopologyError('host %s: %s must be a list of strings' % (host['name'], key))


def _check_link(link, nodes, switches, ports):
    mtu = link.get('mtu')
    if mtu is not None:
        if not isinstance(mtu, int) or not 1280 <= mtu <= 9000:
            raise TopologyError('link %r: mtu must be 1280..9000' % (link,))
        if link.get('a') not in switches or link.get('b') not in switches:
            raise TopologyError('link %r: mtu is only for links between switches' % (link,))
    for end in ('a', 'b'):
        name = link.get(end)
        if name not in nodes:
            raise TopologyError('link %r: unknown node %r' % (link, name))
        port = link.get(end + 'Port')
        if port is not None and name not in switches:
            # Host interfaces are simply eth0, eth1, ... in link order.
            raise TopologyError('link %r: %sPort is only for switch ends' % (link, end))
        if port is not None:
            if not isinstance(port, int) or not 1 <= port <= 99:
                raise TopologyError('link %r: %sPort must be 1..99' % (link, end))
            if (name, port) in ports:
                raise TopologyError('link %r: port %d of %s is used twice'
                                    % (link, port, name))
            ports.add((name, port))
    if link['a'] == link['b']:
        raise TopologyError('link %r connects a node to itself' % (link,))


def check(topo):
    """Validate a parsed topology in place (normalises dpids) and return it."""
    if not isinstance(topo, dict):
        raise TopologyError('a topology is a JSON object')
    for key in ('switches', 'hosts', 'links'):
        if not isinstance(topo.get(key), list):
            raise TopologyError('topology needs a list "%s"' % key)
    if not isinstance(topo.get('ipv6', False), bool):
        raise TopologyError('"ipv6" must be true or false')
    if not topo['switches']:
        raise TopologyError('topology needs at least one switch')
    seen = set()
    dpids = set()
    for sw in topo['switches']:
        _check_switch(sw, seen)
        if sw['dpid'] in dpids:
            raise TopologyError('dpid %s is used twice' % sw['dpid'])
        dpids.add(sw['dpid'])
    for host in topo['hosts']:
        _check_host(host, seen)
    ports = set()
    switches = set(sw['name'] for sw in topo['switches'])
    for link in topo['links']:
        _check_link(link, seen, switches, ports)
    check_tunnels(topo, switches, ports, TopologyError)
    return topo


def load(path):
    with open(path) as f:
        try:
            topo = json.load(f)
        except ValueError as e:
            raise TopologyError('%s: not valid JSON: %s' % (path, e))
    return check(topo)
