"""A private Open vSwitch instance (own ovsdb-server and ovs-vswitchd) for one run.

Why: restarting the machine's ovs-vswitchd would disturb every other bridge on the
machine. A run with its own instance can stop and start *its* switch daemon as a real
OVS restart without touching anyone else. OVS tools find the instance through the
OVS_RUNDIR/OVS_DBDIR/... environment variables, so Mininet's own ovs-vsctl calls
reach it once those are set in this process's environment.
"""
import os
import shutil
import signal
import subprocess
import time

from run_state import proc_start_time, same_process

SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema'


class PrivateOvs(object):
    def __init__(self, rundir):
        self.rundir = rundir
        self.env = dict(os.environ, OVS_RUNDIR=rundir, OVS_DBDIR=rundir,
                        OVS_LOGDIR=rundir, OVS_SYSCONFDIR=rundir)

    def _path(self, name):
        return os.path.join(self.rundir, name)

    def _run(self, args):
        subprocess.run(args, env=self.env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)

    def _pid(self, daemon):
        try:
            with open(self._path(daemon + '.pid')) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def vswitchd_pid(self):
        return self._pid('ovs-vswitchd')

    def daemons(self):
        """[(pid, start time)] of the running daemons, for the run's state file."""
        out = []
        for daemon in ('ovs-vswitchd', 'ovsdb-server'):
            pid = self._pid(daemon)
            if pid:
                out.append([pid, proc_start_time(pid)])
        return out

    def export_env(self):
        """Point this process (and so Mininet and every child) at the instance."""
        for key in ('OVS_RUNDIR', 'OVS_DBDIR', 'OVS_LOGDIR', 'OVS_SYSCONFDIR'):
            os.environ[key] = self.env[key]

    def start(self):
        os.makedirs(self.rundir, exist_ok=True)
        db = self._path('conf.db')
        if not os.path.exists(db):
            self._run(['ovsdb-tool', 'create', db, SCHEMA])
        self._run(['ovsdb-server', db, '--remote=punix:' + self._path('db.sock'),
                   '--pidfile=' + self._path('ovsdb-server.pid'), '--detach',
                   '--log-file=' + self._path('ovsdb-server.log')])
        self._run(['ovs-vsctl', '--no-wait', 'init'])
        self.start_vswitchd()

    def start_vswitchd(self):
        self._run(['ovs-vswitchd', 'unix:' + self._path('db.sock'),
                   '--pidfile=' + self._path('ovs-vswitchd.pid'), '--detach',
                   '--log-file=' + self._path('ovs-vswitchd.log')])
        self._run(['ovs-vsctl', '-t', '10', 'show'])

    def stop_vswitchd(self):
        """Stop the switch daemon the way an operator would: ask it to exit, so it
        leaves the database (bridges, ports, controllers) in place for the restart."""
        pid = self._pid('ovs-vswitchd')
        if not pid:
            return
        start = proc_start_time(pid)
        subprocess.call(['ovs-appctl', '-t', 'ovs-vswitchd', 'exit'], env=self.env,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_gone(pid, start)

    def restart_vswitchd(self, down_seconds=0.0):
        self.stop_vswitchd()
        time.sleep(down_seconds)
        self.start_vswitchd()

    @staticmethod
    def _wait_gone(pid, start, timeout=5.0):
        deadline = time.time() + timeout
        while same_process(pid, start) and time.time() < deadline:
            time.sleep(0.05)
        if same_process(pid, start):
            os.kill(pid, signal.SIGKILL)

    def stop(self):
        self.stop_recorded(self.daemons())

    def stop_recorded(self, daemons):
        """Stop the daemons listed (pid, start time) and delete the instance's files."""
        for pid, start in daemons:
            if same_process(pid, start):
                os.kill(pid, signal.SIGTERM)
                self._wait_gone(pid, start)
        shutil.rmtree(self.rundir, ignore_errors=True)
