"""Reference side of the differential archive tests.

  reference.py extract JOBS   extracts each archive with tarfile (filter "data")
  reference.py walk DIRS      describes what is in each directory

JOBS is a JSON list of [archive, destination]; prints one JSON line per job:
{"ok": bool, "error": str}. DIRS is a JSON list of directories; prints one
JSON line per directory: {"files": {path: sha256}, "other": [path, ...]}
where "other" lists every entry that is neither a regular file nor a
directory (links, devices, FIFOs). Files are never opened unless regular, and
large ones are not read.
"""

import hashlib
import json
import os
import signal
import stat
import sys
import tarfile

BIG = 16 * 1024 * 1024


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout("no answer within 10 s")


def extract(jobs):
    signal.signal(signal.SIGALRM, on_alarm)
    for archive, dest in jobs:
        os.makedirs(dest, exist_ok=True)
        result = {"ok": True, "error": ""}
        signal.alarm(10)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(dest, filter="data")
        except BaseException as e:  # noqa: BLE001 - any failure is a refusal
            result = {"ok": False, "error": f"{type(e).__name__}: {e}"[:300]}
        finally:
            signal.alarm(0)
        print(json.dumps(result), flush=True)


def walk(dirs):
    for top in dirs:
        files, other = {}, []
        for root, subdirs, names in os.walk(top):
            for name in subdirs + names:
                path = os.path.join(root, name)
                rel = os.path.relpath(path, top)
                info = os.lstat(path)
                if stat.S_ISDIR(info.st_mode):
                    continue
                if not stat.S_ISREG(info.st_mode):
                    other.append(rel)
                elif info.st_size > BIG:
                    files[rel] = f"big:{info.st_size}"
                else:
                    with open(path, "rb") as f:
                        files[rel] = hashlib.sha256(f.read()).hexdigest()
            # Never descend through a link.
            subdirs[:] = [d for d in subdirs
                          if not os.path.islink(os.path.join(root, d))]
        print(json.dumps({"files": files, "other": sorted(other)},
                         ensure_ascii=True), flush=True)


def main():
    mode, spec = sys.argv[1], sys.argv[2]
    with open(spec, encoding="utf-8") as f:
        items = json.load(f)
    if mode == "extract":
        extract(items)
    else:
        walk(items)


main()
