# closed-stdout.py COMMAND...: runs COMMAND with its stdout a pipe whose
# reading end is already closed, so that its first write to stdout raises
# SIGPIPE; prints how it ended ("signal 13" or "status N").
import os
import subprocess
import sys

r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w)
os.close(w)
print("signal %d" % -p.returncode if p.returncode < 0 else
      "status %d" % p.returncode)
