#!/usr/bin/python3
"""Long-lived Mininet driver: builds a topology, then serves JSON-line requests.

    /usr/bin/python3 mininet/driver.py --topology topologies/linear3.json \
        --controller-port 6653 [--controller-ports '{"net": 6654}'] [--private-ovs] [--prefix xab]

A switch whose topology entry names a controller ("controller": "net") speaks to the
port --controller-ports gives that name; every other switch to --controller-port.

stdout carries only protocol lines: first {"event":"ready",...} (or
{"event":"error",...}), then one reply {"id":N,"ok":...} per request line
{"id":N,"op":"...",...} read from stdin. Everything else (Mininet's log, command
noise) goes to stderr. The network is torn down on {"op":"stop"}, on EOF of stdin
(the parent died) and on SIGTERM/SIGINT/SIGHUP. At start, leftovers of earlier runs
whose driver died are removed (see run_state.py).
"""
import argparse
import faulthandler
import json
import os
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from host_ops import HostOps  # noqa: E402
from network import Network  # noqa: E402
from private_ovs import PrivateOvs  # noqa: E402
from run_state import STATE_DIR, RunState, clean_leftovers, new_prefix  # noqa: E402
import topology  # noqa: E402


def log(msg):
    sys.stderr.write('%s driver: %s\n' % (time.strftime('%H:%M:%S'), msg))
    sys.stderr.flush()


class Protocol(object):
    """Writes protocol lines to the real stdout; fd 1 itself is pointed at stderr so
    nothing else (Mininet, child processes) can corrupt the stream."""

    def __init__(self):
        self.out = os.fdopen(os.dup(1), 'w')
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def send(self, obj):
        self.out.write(json.dumps(obj) + '\n')
        self.out.flush()


class Driver(object):
    def __init__(self, args):
        self.args = args
        self.topo = topology.load(args.topology)
        self.prefix = args.prefix or new_prefix()
        self.state = RunState(self.prefix)
        self.private_ovs = None
        self.network = None
        self.hosts = None
        self.switches = None
        self.torn_down = False
        self.tunnels = None

    def start(self):
        self.state.save()
        if self.args.private_ovs:
            rundir = os.path.join(STATE_DIR, self.prefix + '-ovs')
            self.state.data['ovsRunDir'] = rundir
            self.state.save()
            self.private_ovs = PrivateOvs(rundir)
            self.private_ovs.start()
            self.state.data['ovsDaemons'] = self.private_ovs.daemons()
            self.state.save()
            self.private_ovs.export_env()
        self.network = Network(self.topo, self.prefix, self.args.controller_port,
                               self.state, log, json.loads(self.args.controller_ports or '{}'))
        self.network.build()
        self.network.start()
        from tunnels import Tunnels
        self.tunnels = Tunnels(self.topo, self.prefix, self.state, log)
        self.tunnels.start()
        from switch_ops import SwitchOps
        self.hosts = HostOps(self.network, self.state, STATE_DIR)
        self.switches = SwitchOps(self.network, self.private_ovs, self.state)
        self._run_host_setup()

    def _run_host_setup(self):
        """Per-host "commands" run to completion in order; "daemons" start detached."""
        for host in self.topo['hosts']:
            for cmd in host.get('commands', []):
                res = self.hosts.cmd(host['name'], cmd)
                if not res['ok'] or res['exit'] != 0:
                    raise RuntimeError('%s: command %r failed: %s' % (
                        host['name'], cmd, res.get('error') or res['output'].strip()))
            for cmd in host.get('daemons', []):
                self.hosts.bg(host['name'], cmd)

    def info(self):
        return {'prefix': self.prefix, 'controllerPort': self.args.controller_port,
                'privateOvs': self.private_ovs is not None,
                'ovsRunDir': self.private_ovs.rundir if self.private_ovs else None,
                'switches': dict((s['name'], {'bridge': self.prefix + s['name'],
                                              'dpid': s['dpid'],
                                              'controllerPort':
                                                  self.network.controller_port_of(s['name'])})
                                 for s in self.topo['switches']),
                'hosts': dict((h['name'], dict(h, node=self.prefix + h['name'],
                                                pid=self.network.host(h['name']).pid))
                              for h in self.topo['hosts']),
                'tunnels': self.tunnels.info() if self.tunnels else []}

    def handle(self, req):
        op = req.get('op')
        h, s = self.hosts, self.switches
        if op == 'cmd':
            return h.cmd(req['host'], req['cmd'], float(req.get('timeout', 30)))
        if op == 'bg':
            return h.bg(req['host'], req['cmd'])
        if op == 'kill':
            return h.kill(int(req['pid']), req.get('signal', 'TERM'))
        if op == 'bgStatus':
            return h.status(int(req['pid']))
        if op == 'pingAll':
            return h.ping_all(int(req.get('count', 1)), int(req.get('timeout', 2)),
                              req.get('hosts'))
        if op == 'dumpFlows':
            return s.dump_flows(req['switch'])
        if op == 'waitFlows':
            return s.wait_flows(req['contains'], req.get('switch'), float(req.get('timeout', 20)))
        if op == 'ofctl':
            return s.ofctl(req['switch'], req['args'])
        if op == 'delController':
            return s.del_controller(req['switch'])
        if op == 'setController':
            return s.set_controller(req['switch'], req.get('port'), req.get('ports'))
        if op == 'status':
            return {'ok': True, 'switches': s.status()}
        if op == 'waitConnected':
            return s.wait_connected(float(req.get('timeout', 20)),
                                    bool(req.get('connected', True)))
        if op == 'restartOvs':
            return s.restart_ovs(float(req.get('downSeconds', 0)))
        if op == 'info':
            return dict(self.info(), ok=True)
        return {'ok': False, 'error': 'unknown op %r' % op}

    def serve(self, proto):
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                req = json.loads(line)
            except ValueError:
                proto.send({'id': None, 'ok': False, 'error': 'not JSON: %r' % line[:200]})
                continue
            if req.get('op') == 'stop':
                return req.get('id')
            try:
                reply = self.handle(req)
            except KeyError as e:
                reply = {'ok': False, 'error': 'missing or unknown: %s' % e}
            except Exception as e:  # a bad request must not take the network down
                log(traceback.format_exc())
                reply = {'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}
            reply['id'] = req.get('id')
            proto.send(reply)
        return None

    def teardown(self):
        """Remove everything this run made; each step runs even if an earlier one fails.
        Idempotent: the stop op and the final `finally` may both call it."""
        if self.torn_down:
            return
        self.torn_down = True
        for step in (lambda: self.hosts and self.hosts.stop_all(),
                     lambda: self.tunnels and self.tunnels.stop(),
                     lambda: self.network and self.network.stop(),
                     lambda: self.private_ovs and self.private_ovs.stop()):
            try:
                step()
            except Exception:
                log(traceback.format_exc())
        self.state.remove()


def _raise_exit(signum, _frame):
    raise SystemExit(128 + signum)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--topology', required=True)
    parser.add_argument('--controller-port', type=int, required=True)
    parser.add_argument('--controller-ports',
                        help='JSON object: controller name -> port, for switches that name one')
    parser.add_argument('--prefix', help='3-character run prefix (default: random)')
    parser.add_argument('--private-ovs', action='store_true',
                        help='run an own ovsdb-server/ovs-vswitchd for this network')
    parser.add_argument('--log-level', default='warning', help="Mininet's log level")
    args = parser.parse_args()
    if args.prefix and len(args.prefix) != 3:
        parser.error('--prefix must be 3 characters')
    proto = Protocol()
    # `kill -USR1 <driver>` prints every thread's stack to stderr: the harness does this
    # when the network is not ready in time, so the log shows where it was stuck.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    from mininet.log import setLogLevel
    setLogLevel(args.log_level)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _raise_exit)
    clean_leftovers(log)
    driver = None
    code = 0
    try:
        driver = Driver(args)
        log('run %s: building %s' % (driver.prefix, args.topology))
        driver.start()
        log('run %s: ready' % driver.prefix)
        proto.send(dict(driver.info(), event='ready'))
        stop_id = driver.serve(proto)
        if stop_id is not None:
            driver.teardown()
            proto.send({'id': stop_id, 'ok': True})
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException as e:
        log(traceback.format_exc())
        try:
            proto.send({'event': 'error', 'error': '%s: %s' % (type(e).__name__, e)})
        except Exception:
            pass
        code = 1
    finally:
        # A second signal must not interrupt the teardown half-way.
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        if driver is not None:
            driver.teardown()
    return code


if __name__ == '__main__':
    sys.exit(main())
