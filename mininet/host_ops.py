"""Operations inside Mininet hosts: run a command, start/stop background processes,
ping every pair. Commands run through `mnexec -a` (Node.popen) rather than the host's
interactive shell, so a hung or noisy command cannot wedge that shell."""
import os
import signal
import subprocess
import time

from run_state import kill_group_or_pid, kill_recorded, proc_start_time


def _decode(data):
    return (data or b'').decode('utf-8', 'replace')


class HostOps(object):
    def __init__(self, network, state, log_dir):
        self.network = network
        self.state = state
        self.log_dir = log_dir
        self.background = {}  # pid -> (Popen, log path)
        self.counter = 0

    def cmd(self, host, cmd, timeout=30.0):
        node = self.network.host(host)
        proc = node.popen(['bash', '-c', cmd], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group_or_pid(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            return {'ok': False, 'error': 'timeout after %ss' % timeout,
                    'output': _decode(out), 'exit': None}
        return {'ok': True, 'output': _decode(out), 'exit': proc.returncode}

    def bg(self, host, cmd):
        """Start cmd in the host, detached, output to a log file; return its PID."""
        node = self.network.host(host)
        self.counter += 1
        log_path = os.path.join(self.log_dir, '%s-%s-bg%d.log'
                                % (self.state.prefix, host, self.counter))
        with open(log_path, 'wb') as log:
            proc = node.popen(['bash', '-c', cmd], stdin=subprocess.DEVNULL,
                              stdout=log, stderr=subprocess.STDOUT)
        self.background[proc.pid] = (proc, log_path)
        self.state.add_proc(proc.pid)
        return {'ok': True, 'pid': proc.pid, 'log': log_path}

    def kill(self, pid, sig='TERM'):
        """Stop a process this driver started with bg (never any other PID)."""
        if pid not in self.background:
            return {'ok': False, 'error': 'pid %r was not started by this driver' % pid}
        proc, log_path = self.background.pop(pid)
        if proc.poll() is None:
            kill_group_or_pid(pid, getattr(signal, 'SIG' + sig))
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                kill_group_or_pid(pid, signal.SIGKILL)
                proc.wait()
        self.state.forget_proc(pid)
        return {'ok': True, 'exit': proc.returncode, 'log': log_path}

    def status(self, pid):
        if pid not in self.background:
            return {'ok': False, 'error': 'pid %r was not started by this driver' % pid}
        proc, log_path = self.background[pid]
        code = proc.poll()
        return {'ok': True, 'running': code is None, 'exit': code, 'log': log_path}

    def ping_all(self, count=1, timeout=2, hosts=None):
        """Ping every ordered pair of hosts; sources in parallel, each source's targets
        one after another. Returns the loss in percent and every failed pair."""
        names = hosts or [h['name'] for h in self.network.topo['hosts']]
        ips = dict((h['name'], h['ip'].split('/')[0]) for h in self.network.topo['hosts'])
        procs = {}
        for src in names:
            script = '; '.join(
                'ping -n -q -c %d -W %d %s >/dev/null 2>&1; echo "%s $?"'
                % (count, timeout, ips[dst], dst) for dst in names if dst != src)
            procs[src] = self.network.host(src).popen(
                ['bash', '-c', script], stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        failed, total = [], 0
        # Each ping ends by itself after `timeout` seconds; the limit only guards
        # against a wedged host.
        limit = 30 + len(names) * count * (timeout + 1)
        for src, proc in procs.items():
            try:
                out, _ = proc.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                kill_group_or_pid(proc.pid, signal.SIGKILL)
                out, _ = proc.communicate()
            codes = dict(line.split() for line in _decode(out).splitlines() if len(line.split()) == 2)
            for dst in names:
                if dst == src:
                    continue
                total += 1
                # A target with no result line (the pings were cut off) counts as lost.
                if codes.get(dst) != '0':
                    failed.append([src, dst])
        loss = 100.0 * len(failed) / total if total else 0.0
        return {'ok': True, 'loss': loss, 'sent': total, 'failed': failed}

    def stop_all(self):
        """Kill every background process still running (teardown)."""
        procs = [(pid, proc_start_time(pid)) for pid in self.background]
        kill_recorded(procs)
        for proc, _ in self.background.values():
            try:
                proc.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        self.background = {}


def wait_until(predicate, timeout, interval=0.1):
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value or time.time() >= deadline:
            return value
        time.sleep(interval)
