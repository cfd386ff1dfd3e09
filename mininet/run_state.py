"""What one builder run created, kept in a state file so a later run can clean it up.

Every run writes /tmp/slr-mininet/<prefix>.json listing its own driver PID, bridges,
root-namespace interfaces and every process it started (PID plus kernel start time,
so a reused PID is never mistaken for ours). A run whose driver PID is gone left
leftovers: the next run deletes exactly what that file lists and nothing else. This
is the narrow replacement for `mn -c`, which would kill other people's networks.
"""
import json
import os
import random
import signal
import string
import subprocess
import time

STATE_DIR = '/tmp/slr-mininet'


def proc_start_time(pid):
    """Kernel start time of a PID (field 22 of /proc/PID/stat), or None if gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
    except (OSError, ValueError):
        return None
    # The command name (field 2) may contain spaces; fields after ')' are fixed.
    return int(stat.rsplit(')', 1)[1].split()[19])


def same_process(pid, start):
    return start is not None and proc_start_time(pid) == start


def kill_group_or_pid(pid, sig):
    """Signal a process group if pid leads one (mnexec -d makes a new session), else pid."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except OSError:
        pass


def kill_recorded(procs, grace=2.0):
    """SIGTERM the recorded processes still alive as the same process, then SIGKILL."""
    alive = [(p, s) for p, s in procs if same_process(p, s)]
    for pid, _ in alive:
        kill_group_or_pid(pid, signal.SIGTERM)
    deadline = time.time() + grace
    while alive and time.time() < deadline:
        time.sleep(0.05)
        alive = [(p, s) for p, s in alive if same_process(p, s)]
    for pid, _ in alive:
        kill_group_or_pid(pid, signal.SIGKILL)


class RunState(object):
    def __init__(self, prefix):
        self.prefix = prefix
        self.path = os.path.join(STATE_DIR, prefix + '.json')
        self.data = {'prefix': prefix, 'driver': [os.getpid(), proc_start_time(os.getpid())],
                     'bridges': [], 'links': [], 'procs': [], 'ovsRunDir': None}

    def save(self):
        tmp = self.path + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(self.data, f)
        os.rename(tmp, self.path)

    def add(self, key, value):
        if value not in self.data[key]:
            self.data[key].append(value)
            self.save()

    def add_proc(self, pid):
        self.add('procs', [pid, proc_start_time(pid)])

    def forget_proc(self, pid):
        self.data['procs'] = [p for p in self.data['procs'] if p[0] != pid]
        self.save()

    def remove(self):
        remove_files(self.prefix)


def remove_files(prefix):
    """The state file and the background-process logs of one run."""
    for name in os.listdir(STATE_DIR):
        if name == prefix + '.json' or (name.startswith(prefix + '-') and name.endswith('.log')):
            try:
                os.unlink(os.path.join(STATE_DIR, name))
            except OSError:
                pass


def _quiet(cmd, env=None):
    subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def clean_state(data, log):
    """Delete what one dead run recorded: processes, bridges, interfaces, private OVS."""
    log('cleaning leftovers of run %s' % data['prefix'])
    kill_recorded([tuple(p) for p in data.get('procs', [])])
    env = dict(os.environ)
    if data.get('ovsRunDir'):
        env['OVS_RUNDIR'] = data['ovsRunDir']
    for br in data.get('bridges', []):
        _quiet(['ovs-vsctl', '-t', '5', '--if-exists', 'del-br', br], env)
    for link in data.get('links', []) + data.get('bridges', []):
        _quiet(['ip', 'link', 'del', link])
    if data.get('ovsRunDir'):
        # Imported here: private_ovs needs this module's helpers too.
        from private_ovs import PrivateOvs
        PrivateOvs(data['ovsRunDir']).stop_recorded(data.get('ovsDaemons', []))


def clean_leftovers(log):
    """Clean every recorded run whose driver process no longer exists."""
    if not os.path.isdir(STATE_DIR):
        os.makedirs(STATE_DIR, exist_ok=True)
        return
    for name in sorted(os.listdir(STATE_DIR)):
        if not name.endswith('.json'):
            continue
        path = os.path.join(STATE_DIR, name)
        try:
            with open(path) as f:
                data = json.load(f)
        except (OSError, ValueError):
            continue
        pid, start = data.get('driver', [0, None])
        if same_process(pid, start):
            continue  # a live run: not ours to touch
        clean_state(data, log)
        remove_files(data['prefix'])


def _prefix_in_use(prefix):
    if os.path.exists(os.path.join(STATE_DIR, prefix + '.json')):
        return True
    links = subprocess.run(['ip', '-o', 'link'], stdout=subprocess.PIPE,
                           universal_newlines=True).stdout
    return any(line.split(': ')[1].startswith(prefix) for line in links.splitlines()
               if ': ' in line)


def new_prefix():
    """A 3-character prefix ('x' + 2 random characters) no live run or interface uses."""
    chars = string.ascii_lowercase + string.digits
    for _ in range(200):
        prefix = 'x' + ''.join(random.choice(chars) for _ in range(2))
        if not _prefix_in_use(prefix):
            return prefix
    raise RuntimeError('no free run prefix')
