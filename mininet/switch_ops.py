"""Operations on the OVS bridges of a run: flow dumps, controller connection
changes, connection status, and restarting a private ovs-vswitchd."""
import json
import subprocess

from host_ops import wait_until
from network import RECONNECT_MS, controller_target


def _run(args, timeout=20):
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def _vsctl_json_table(table, columns):
    code, out, err = _run(['ovs-vsctl', '-t', '10', '--format=json', '--data=json',
                           '--columns=' + ','.join(columns), 'list', table])
    if code != 0:
        raise RuntimeError('ovs-vsctl list %s: %s' % (table, err.strip()))
    doc = json.loads(out)
    return [dict(zip(doc['headings'], row)) for row in doc['data']]


def _uuid_set(value):
    """ovsdb JSON: ["uuid", X] for one, ["set", [["uuid", X], ...]] for many."""
    if value[0] == 'uuid':
        return [value[1]]
    return [v[1] for v in value[1]]


class SwitchOps(object):
    def __init__(self, network, private_ovs, state):
        self.network = network
        self.private_ovs = private_ovs
        self.state = state

    def _bridge(self, switch):
        return self.network.switch(switch).name

    def ofctl(self, switch, args):
        """ovs-ofctl -O OpenFlow13 <args[0]> <bridge> <args[1:]>"""
        if not args:
            return {'ok': False, 'error': 'ofctl needs args, e.g. ["dump-flows"]'}
        cmd = ['ovs-ofctl', '-O', 'OpenFlow13', args[0], self._bridge(switch)] + list(args[1:])
        code, out, err = _run(cmd)
        return {'ok': code == 0, 'output': out, 'stderr': err, 'exit': code}

    def dump_flows(self, switch):
        return self.ofctl(switch, ['dump-flows'])

    def wait_flows(self, contains, switch=None, timeout=20.0):
        """Wait until the flow dump of one switch (or of every switch) contains the text."""
        names = [switch] if switch else [sw['name'] for sw in self.network.topo['switches']]

        def done():
            return all(contains in self.dump_flows(name)['output'] for name in names)
        if wait_until(done, timeout, 0.2):
            return {'ok': True}
        return {'ok': False, 'error': 'timeout waiting for %r in the flows of %s'
                % (contains, ', '.join(names))}

    def del_controller(self, switch):
        code, _, err = _run(['ovs-vsctl', '-t', '10', 'del-controller', self._bridge(switch)])
        return {'ok': code == 0, 'error': err.strip() or None}

    def set_controller(self, switch, port=None, ports=None):
        """Point the bridge at one controller (port) or at several at once (ports: a
        hot-spare pair, each its own OpenFlow connection; roles sort out who writes)."""
        ports = list(ports or [port or self.network.controller_port_of(switch)])
        br = self._bridge(switch)
        # One Controller row per target with our short backoff, as the builder made it at start.
        args = ['ovs-vsctl', '-t', '10']
        for i, p in enumerate(ports):
            args += ['--', '--id=@c%d' % i, 'create', 'Controller',
                     'target="%s"' % controller_target(p), 'max_backoff=%d' % RECONNECT_MS]
        args += ['--', 'set', 'Bridge', br,
                 'controller=[%s]' % ','.join('@c%d' % i for i in range(len(ports)))]
        code, _, err = _run(args)
        return {'ok': code == 0, 'error': err.strip() or None}

    def status(self):
        """{switch: {"connected": bool, "controllers": [targets]}} for every switch."""
        ctrls = dict((row['_uuid'][1], row) for row in
                     _vsctl_json_table('Controller', ['_uuid', 'target', 'is_connected']))
        bridges = dict((row['name'], row) for row in
                       _vsctl_json_table('Bridge', ['name', 'controller']))
        out = {}
        for sw in self.network.topo['switches']:
            row = bridges.get(self.network.node_name(sw['name']))
            uuids = _uuid_set(row['controller']) if row else []
            mine = [ctrls[u] for u in uuids if u in ctrls]
            out[sw['name']] = {'exists': row is not None,
                               'connected': any(c['is_connected'] is True for c in mine),
                               'controllers': [c['target'] for c in mine]}
        return out

    def wait_connected(self, timeout=20.0, connected=True):
        """Wait until every switch is (or, with connected=False, none is) connected."""
        def done():
            st = self.status()
            return st if all(s['connected'] == connected for s in st.values()) else None
        st = wait_until(done, timeout, 0.2)
        if st:
            return {'ok': True, 'switches': st}
        return {'ok': False, 'error': 'timeout', 'switches': self.status()}

    def restart_ovs(self, down_seconds=0.0):
        """Stop and start this run's own ovs-vswitchd (only with --private-ovs: the
        machine's daemon serves other people's bridges too)."""
        if self.private_ovs is None:
            return {'ok': False, 'error': 'restartOvs needs a driver started with --private-ovs'}
        before = self.private_ovs.vswitchd_pid()
        self.private_ovs.restart_vswitchd(down_seconds)
        self.network.root_ipv6_off()
        self.state.data['ovsDaemons'] = self.private_ovs.daemons()
        self.state.save()
        return {'ok': True, 'pidBefore': before, 'pidAfter': self.private_ovs.vswitchd_pid()}
